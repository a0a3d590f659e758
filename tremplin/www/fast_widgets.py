"""Form widgets rendered in Python, for public pages where speed matters (the search page).

Django renders a ``<select>`` through one template include per option; the directory search
form has about a hundred options, which made its widgets most of the page's rendering time
(docs/performance.md, "Directory search"). These widgets give the same HTML (the attributes
Django adds, ``aria-describedby``, ``aria-invalid``, ``selected``) built with ``format_html``
and ``flatatt``, which escape every value.
"""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def _attrs(attrs: dict) -> str:
    return flatatt({k: v for k, v in attrs.items() if v is not False})


class PlainSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        # Django's optgroups() builds a dictionary per option and format_html() escapes each
        # one through several layers: about a hundred options made most of the page's time.
        # The options are written directly here (html.escape is what Django's escape() calls),
        # with Django's rule for "selected": the first option that matches.
        wanted = self.format_value(value)
        options = []
        for option_value, label in self.choices:
            selected = bool(wanted) and str(option_value) in wanted
            if selected:
                wanted = []
            options.append(
                f'\n  <option value="{escape(str(option_value))}"'
                f"{' selected' if selected else ''}>{escape(str(label))}</option>"
            )
        attributes = _attrs(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{escape(name)}"{attributes}>{"".join(options)}\n</select>')


class PlainTextInput(forms.TextInput):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        if widget["value"] is None:
            return format_html(
                '<input type="{}" name="{}"{}>', widget["type"], name, _attrs(widget["attrs"])
            )
        return format_html(
            '<input type="{}" name="{}" value="{}"{}>',
            widget["type"],
            name,
            widget["value"],
            _attrs(widget["attrs"]),
        )


def plain_widgets(form: forms.Form) -> forms.Form:
    """Swap ``form``'s selects and text inputs for the widgets above (same attributes)."""
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            # Labels translated once (a lazy label is translated again at each use).
            choices = [(value, str(label)) for value, label in field.widget.choices]
            plain = PlainSelect(attrs=field.widget.attrs, choices=choices)
        elif type(field.widget) is forms.TextInput:
            plain = PlainTextInput(attrs=field.widget.attrs)
        else:
            continue
        plain.is_required = field.widget.is_required
        field.widget = plain
    return form
