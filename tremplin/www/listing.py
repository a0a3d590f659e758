"""Lists that people sort by their columns and filter, with the state in the URL.

``sort_columns(request, columns, default)`` reads ``?tri=<key>`` (``-<key>`` descending) and
returns the ``order_by`` fields and the headers to show (label, link that sorts by it, and the
``aria-sort`` value of the current column). A view filters with a GET form, so a list can be
bookmarked and shared, and counts what it shows.
"""

from dataclasses import dataclass

from django import forms

SORT_PARAM = "tri"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    order_by: tuple[str, ...] = ()  # empty: not sortable


@dataclass
class Header:
    label: str
    key: str = ""
    sort_value: str = ""  # the ?tri= value the header's link asks for
    aria_sort: str = ""  # "ascending" / "descending" on the current column


def sort_columns(request, columns: list[Column], default: str):
    """``(order_by fields, headers)`` for ``?tri=``; an unknown key falls back to ``default``."""
    asked = request.GET.get(SORT_PARAM, default)
    descending = asked.startswith("-")
    key = asked.lstrip("-")
    by_key = {column.key: column for column in columns if column.order_by}
    if key not in by_key:
        descending = default.startswith("-")
        key = default.lstrip("-")
    prefix = "-" if descending else ""
    order_by = [prefix + name for name in by_key[key].order_by] + ["pk"]
    headers = []
    for column in columns:
        if not column.order_by:
            headers.append(Header(column.label))
            continue
        current = column.key == key
        headers.append(
            Header(
                column.label,
                column.key,
                sort_value=f"-{column.key}" if current and not descending else column.key,
                aria_sort=("descending" if descending else "ascending") if current else "",
            )
        )
    return order_by, headers


def date_filter(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )


class ListFilterForm(forms.Form):
    """GET filters of a list. ``LOOKUPS`` maps each field to the lookup it filters on; an
    empty field filters nothing, an invalid one shows its French error and filters nothing."""

    LOOKUPS: dict[str, str] = {}

    def __init__(self, data):
        super().__init__(data)
        for field in self.fields.values():
            if isinstance(field, forms.ChoiceField):
                field.widget.attrs["class"] = "form-select"

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        for name, lookup in self.LOOKUPS.items():
            value = self.cleaned_data.get(name)
            if value not in (None, ""):
                queryset = queryset.filter(**{lookup: value})
        return queryset


def listed(request, form, queryset, columns, default):
    """``(queryset filtered by ``form`` and sorted by ``?tri=``, headers)``."""
    order_by, headers = sort_columns(request, columns, default)
    return form.filter(queryset).order_by(*order_by), headers
