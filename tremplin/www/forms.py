"""One form rendering for the whole site (docs/decisions/0010-one-form-rendering.md).

``FORM_RENDERER`` points to ``FormRenderer``: every bound field of every form (ours, allauth's,
the admin's own renderer aside) gets the Bootstrap class of its widget, before any class the
form or the template adds. Forms and templates no longer add ``form-control`` by hand.

``form_status``: a page that shows a form sent back with its mistakes answers 400;
``apply_refusal``: a service's refusal is shown once, on its field or above the form.
"""

from django import forms
from django.forms.renderers import DjangoTemplates

CHECKS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)


def bootstrap_class(widget) -> str:
    """``form-check-input``, ``form-select``, ``form-control``, or nothing (hidden inputs)."""
    if widget.is_hidden:
        return ""
    if isinstance(widget, CHECKS):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


class BootstrapBoundField(forms.BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        base = bootstrap_class(widget)
        if base:
            given = f"{widget.attrs.get('class', '')} {attrs.get('class', '')}".split()
            attrs["class"] = " ".join(dict.fromkeys([base, *given]))
        return attrs


class FormRenderer(DjangoTemplates):
    bound_field_class = BootstrapBoundField


def form_status(*forms) -> int:
    """The status of a page showing ``forms``: 400 when one of them was sent back with its
    mistakes (nothing was done), else 200. An unbound form has no errors."""
    return 400 if any(form.errors for form in forms) else 200


def apply_refusal(form, refusal):
    """Show a service's refusal (``tremplin.refusals.Refused``) on its field, or above the
    form when it is about none of the form's fields."""
    field = refusal.field if refusal.field in form.fields else None
    form.add_error(field, refusal.message)
