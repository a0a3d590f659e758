"""Read-only admin for the territory: the data comes from ``load_territory``, not from hand edits.

Search ignores accents and case ("liege" finds Liège) through the normalised search columns.
"""

from django.contrib import admin
from django.db.models import Q

from tremplin.readonly_admin import ReadOnlyAdmin
from tremplin.territory.lookup import search_key
from tremplin.territory.models import (
    Arrondissement,
    IbefeArea,
    Municipality,
    PostalCode,
    Province,
    Region,
)


class NamedUnitAdmin(ReadOnlyAdmin):
    list_display = ["nis_code", "name_fr", "name_nl", "name_de"]
    search_fields = ["nis_code", "name_fr", "name_nl", "name_de"]


@admin.register(Region)
class RegionAdmin(NamedUnitAdmin):
    pass


@admin.register(Province)
class ProvinceAdmin(NamedUnitAdmin):
    list_display = [*NamedUnitAdmin.list_display, "region"]
    list_select_related = ["region"]
    list_filter = ["region"]


@admin.register(Arrondissement)
class ArrondissementAdmin(NamedUnitAdmin):
    list_display = [*NamedUnitAdmin.list_display, "province", "region"]
    list_select_related = ["province", "region"]
    list_filter = ["region", "province"]


@admin.register(IbefeArea)
class IbefeAreaAdmin(ReadOnlyAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class AccentInsensitiveSearch:
    """Adds a match on the normalised search column to Django's ``icontains`` search."""

    search_column = ""

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        key = search_key(search_term)
        if key:
            queryset |= self.get_queryset(request).filter(
                Q(**{f"{self.search_column}__contains": key})
            )
        return queryset, may_have_duplicates


@admin.register(Municipality)
class MunicipalityAdmin(AccentInsensitiveSearch, NamedUnitAdmin):
    search_column = "search_name"
    list_display = [
        "nis_code",
        "name_fr",
        "name_nl",
        "province",
        "arrondissement",
        "ibefe_area",
        "latitude",
        "longitude",
    ]
    list_select_related = ["province", "arrondissement", "ibefe_area"]
    list_filter = ["region", "province", "ibefe_area"]


@admin.register(PostalCode)
class PostalCodeAdmin(AccentInsensitiveSearch, ReadOnlyAdmin):
    search_column = "search_locality"
    list_display = [
        "code",
        "locality",
        "municipality",
        "latitude",
        "longitude",
        "point_corrected",
        "point_note",
    ]
    list_select_related = ["municipality"]
    list_filter = [
        ("point_corrected", admin.BooleanFieldListFilter),
        "municipality__region",
        "municipality__province",
    ]
    search_fields = ["code", "locality", "municipality__name_fr", "municipality__name_nl"]
