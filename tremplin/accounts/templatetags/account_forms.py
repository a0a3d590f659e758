"""Render a bound form field with Bootstrap classes and accessible error/help links."""

from django import forms, template

register = template.Library()


def describing_ids(field) -> list[str]:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_aide")
    if field.errors:
        ids.append(f"{field.auto_id}_erreur")
    return ids


@register.filter
def help_id(field) -> str:
    return f"{field.auto_id}_aide"


@register.filter
def error_id(field) -> str:
    return f"{field.auto_id}_erreur"


@register.filter
def is_checkbox(field) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def accessible_widget(field):
    """The widget with ``is-invalid``, ``aria-invalid`` and ``aria-describedby`` (its Bootstrap
    class comes from the site's form renderer, ``tremplin.www.forms``)."""
    attrs = {"class": "is-invalid"} if field.errors else {}
    ids = describing_ids(field)
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)
