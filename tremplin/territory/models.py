"""Belgian territory: regions, provinces, arrondissements, IBEFE areas, municipalities (2025),
postal codes with a point. Loaded by ``manage.py load_territory``."""

from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils.translation import gettext_lazy as _


class NamedUnit(models.Model):
    nis_code = models.CharField(_("code NIS"), max_length=5, primary_key=True)
    name_fr = models.CharField(_("nom (fr)"), max_length=120)
    name_nl = models.CharField(_("nom (nl)"), max_length=120, blank=True)
    name_de = models.CharField(_("nom (de)"), max_length=120, blank=True)

    class Meta:
        abstract = True
        ordering = ["name_fr"]

    def __str__(self):
        return self.name_fr


class Region(NamedUnit):
    class Meta(NamedUnit.Meta):
        verbose_name = _("région")


class Province(NamedUnit):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="provinces")

    class Meta(NamedUnit.Meta):
        verbose_name = _("province")


class IbefeArea(models.Model):
    """An Instance Bassin Enseignement-Formation-Emploi territory (Wallonia has 9 French-speaking
    ones; the German-speaking Community is its own area). Derived from arrondissements."""

    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    name = models.CharField(_("nom"), max_length=120)

    class Meta:
        ordering = ["name"]
        verbose_name = _("bassin IBEFE")
        verbose_name_plural = _("bassins IBEFE")

    def __str__(self):
        return self.name


class Arrondissement(NamedUnit):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="arrondissements")
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="arrondissements", null=True, blank=True
    )

    class Meta(NamedUnit.Meta):
        verbose_name = _("arrondissement")


class Municipality(NamedUnit):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities")
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="municipalities", null=True, blank=True
    )
    arrondissement = models.ForeignKey(
        Arrondissement,
        on_delete=models.PROTECT,
        related_name="municipalities",
        null=True,
        blank=True,
    )
    ibefe_area = models.ForeignKey(
        IbefeArea, on_delete=models.PROTECT, related_name="municipalities", null=True, blank=True
    )
    # Every name of the municipality (fr, nl, de), normalised and framed by "|":
    # "|liege|luik|luttich|". See ``tremplin.territory.lookup``.
    search_name = models.CharField(max_length=400, db_index=True, editable=False)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta(NamedUnit.Meta):
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        indexes = [
            GinIndex(
                name="municipality_search_trgm",
                fields=["search_name"],
                opclasses=["gin_trgm_ops"],
            )
        ]


class PostalCode(models.Model):
    """One postal code served in one municipality, with a point (its locality)."""

    code = models.CharField(_("code postal"), max_length=4, db_index=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="postal_codes"
    )
    locality = models.CharField(_("localité"), max_length=120, blank=True)
    search_locality = models.CharField(max_length=200, db_index=True, editable=False, blank=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    point_corrected = models.BooleanField(
        _("point corrigé"),
        default=False,
        help_text=_("Le point de la source était trop loin de la commune et a été remplacé."),
    )
    point_note = models.CharField(_("origine du point"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("code postal")
        verbose_name_plural = _("codes postaux")
        indexes = [
            GinIndex(
                name="postalcode_locality_trgm",
                fields=["search_locality"],
                opclasses=["gin_trgm_ops"],
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "municipality"], name="postalcode_unique_per_municipality"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180
                ),
                name="postalcode_point_on_earth",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.locality or self.municipality.name_fr}"
