"""Lists that people sort by their columns and filter, with the state in the URL.

One mechanism for every list of the centre: a ``Listing`` names the list's columns, its default
order and its filter form. ``Listing.read(request, rows)`` reads ``?tri=<key>`` (``-<key>``
descending) and the GET filters, and returns the rows filtered and sorted, the headers to show
(label, link that sorts by it, ``aria-sort`` of the current column) and the bound form. The
templates ``www/_list_filters.html`` (form, count, export link) and ``www/_sort_headers.html``
(the header cells) show them. A list can be bookmarked and shared, and counts what it shows.
"""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import F, QuerySet

SORT_PARAM = "tri"
NOT_KEPT = {"page", "format"}  # a new filter starts on page 1, as a web page


@dataclass(frozen=True)
class Column:
    """``order_by``: field names, or ``F()`` expressions whose empty values come first in the
    ascending order (e.g. follow-ups without an answer). Empty: the column is not sortable."""

    key: str
    label: str
    order_by: tuple[Any, ...] = ()
    numeric: bool = False  # right-aligned


@dataclass
class Header:
    label: str
    key: str = ""
    numeric: bool = False
    sort_value: str = ""  # the ?tri= value the header's link asks for
    aria_sort: str = ""  # "ascending" / "descending" on the current column


def _ordering(name, descending: bool):
    if isinstance(name, F):
        return name.desc(nulls_last=True) if descending else name.asc(nulls_first=True)
    return ("-" if descending else "") + name


def sort_columns(request, columns: list[Column], default: str):
    """``(order_by, headers)`` for ``?tri=``; an unknown key falls back to ``default``."""
    asked = request.GET.get(SORT_PARAM, default)
    descending = asked.startswith("-")
    key = asked.lstrip("-")
    by_key = {column.key: column for column in columns if column.order_by}
    if key not in by_key:
        descending = default.startswith("-")
        key = default.lstrip("-")
    order_by = [_ordering(name, descending) for name in by_key[key].order_by] + ["pk"]
    headers = []
    for column in columns:
        if not column.order_by:
            headers.append(Header(column.label, numeric=column.numeric))
            continue
        current = column.key == key
        headers.append(
            Header(
                column.label,
                column.key,
                numeric=column.numeric,
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


@dataclass(frozen=True)
class FromRows:
    """A choice among the objects the list itself refers to (its trainings, its groups…):
    ``path`` leads from a row to the object, which is also the lookup the field filters on."""

    path: str
    label: str
    empty_label: str
    order_by: str = "name"


def _related_model(model, path: str):
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    return model


class ListFilterForm(forms.Form):
    """GET filters of a list. ``LOOKUPS`` maps each field to the lookup it filters on, and
    ``FROM_ROWS`` adds a choice field per related object found in the rows (filtering on its
    path); an empty field filters nothing, an invalid one shows its French error and filters
    nothing. A subclass with a filter no lookup can say overrides ``filter``."""

    LOOKUPS: dict[str, str] = {}
    FROM_ROWS: dict[str, FromRows] = {}

    def __init__(self, data, rows: QuerySet | None = None):
        if self.FROM_ROWS:
            fields = {}
            for name, spec in self.FROM_ROWS.items():
                model = _related_model(rows.model, spec.path)
                fields[name] = forms.ModelChoiceField(
                    model.objects.filter(pk__in=rows.values(spec.path)).order_by(spec.order_by),
                    label=spec.label,
                    required=False,
                    empty_label=spec.empty_label,
                )
            self.base_fields = {**fields, **type(self).base_fields}
        super().__init__(data)
        for field in self.fields.values():
            if isinstance(field, forms.ChoiceField):
                field.widget.attrs["class"] = "form-select"

    def lookups(self) -> dict[str, str]:
        return {**{name: spec.path for name, spec in self.FROM_ROWS.items()}, **self.LOOKUPS}

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        for name, lookup in self.lookups().items():
            value = self.cleaned_data.get(name)
            if value not in (None, ""):
                queryset = queryset.filter(**{lookup: value})
        return queryset


@dataclass
class ListState:
    rows: QuerySet
    headers: list[Header]
    form: ListFilterForm
    order_by: list
    kept: list[tuple[str, str]]  # the other GET parameters the filter form carries along


@dataclass(frozen=True)
class Listing:
    """A list of the centre: its columns, default order (a column key, ``-`` for descending)
    and filter form."""

    columns: list[Column]
    default: str
    form: type[ListFilterForm]

    def read(self, request, rows: QuerySet, sort=True, **form_kwargs) -> ListState:
        """``sort=False``: the caller orders by ``state.order_by`` itself (on annotations it
        adds later)."""
        form = self.form(request.GET, rows, **form_kwargs)
        order_by, headers = sort_columns(request, self.columns, self.default)
        kept = [
            (name, value)
            for name, values in request.GET.lists()
            if name not in form.fields and name not in NOT_KEPT
            for value in values
        ]
        rows = form.filter(rows)
        return ListState(rows.order_by(*order_by) if sort else rows, headers, form, order_by, kept)
