"""Factories for the directory, and a small piece of Walloon territory to search in.

``walloon_places()`` creates a few real municipalities and postal codes (with their real
points) so that searches by postal code, name, province and IBEFE area work in tests without
loading the whole territory.
"""

from datetime import timedelta

import factory
from django.utils import timezone
from django.utils.text import slugify

from tests.factories import OrganisationFactory
from tremplin.directory.enums import Federation, LegalForm, Method, Objective, Sector
from tremplin.directory.models import Centre, InfoSession, Site, Training
from tremplin.territory.lookup import search_key, search_names
from tremplin.territory.models import IbefeArea, Municipality, PostalCode, Province, Region

# (postal code, locality, municipality NIS, municipality, province NIS, IBEFE code, lat, lon)
PLACES = [
    ("5000", "Namur", "92094", "Namur", "90000", "namur", 50.4669, 4.8675),
    ("5100", "Jambes", "92094", "Namur", "90000", "namur", 50.4545, 4.8736),
    ("5300", "Andenne", "92003", "Andenne", "90000", "namur", 50.4893, 5.0943),
    ("5500", "Dinant", "91034", "Dinant", "90000", "namur", 50.2606, 4.9122),
    ("5660", "Couvin", "93014", "Couvin", "90000", "namur", 50.0532, 4.4960),
    ("6460", "Chimay", "56016", "Chimay", "50000", "hainaut-sud", 50.0487, 4.3165),
    ("4000", "Liège", "62063", "Liège", "60000", "liege", 50.6326, 5.5797),
    ("4500", "Huy", "61031", "Huy", "60000", "huy-waremme", 50.5184, 5.2393),
    ("6000", "Charleroi", "52011", "Charleroi", "50000", "hainaut-sud", 50.4108, 4.4446),
    ("7000", "Mons", "53053", "Mons", "50000", "hainaut-centre", 50.4542, 3.9523),
    ("6700", "Arlon", "81001", "Arlon", "80000", "luxembourg", 49.6833, 5.8167),
    ("1300", "Wavre", "25112", "Wavre", "20002", "brabant-wallon", 50.7172, 4.6014),
    # Places of the honest-distance tests (issue 12).
    ("4450", "Juprelle", "62060", "Juprelle", "60000", "liege", 50.7117, 5.5308),
    ("4260", "Avennes", "64015", "Braives", "60000", "huy-waremme", 50.6289, 5.1525),
    ("6760", "Virton", "85045", "Virton", "80000", "luxembourg", 49.5669, 5.5325),
    ("7500", "Tournai", "57081", "Tournai", "50000", "wallonie-picarde", 50.6071, 3.3893),
    ("7700", "Mouscron", "54007", "Mouscron", "50000", "wallonie-picarde", 50.7440, 3.2140),
]
# Three municipalities whose names start alike: "Braine" names none of them (decision 0320).
BRAINES = [
    (code, name, nis, name, province, ibefe, lat, lon)
    for code, name, nis, province, ibefe, lat, lon in [
        ("1420", "Braine-l’Alleud", "25014", "20002", "brabant-wallon", 50.6836, 4.3680),
        ("1440", "Braine-le-Château", "25015", "20002", "brabant-wallon", 50.6800, 4.2719),
        ("7090", "Braine-le-Comte", "55004", "50000", "hainaut-centre", 50.6090, 4.1380),
    ]
]
PROVINCES = {
    "90000": "Province de Namur",
    "60000": "Province de Liège",
    "50000": "Province de Hainaut",
    "80000": "Province de Luxembourg",
    "20002": "Province du Brabant wallon",
}
IBEFE = {
    "namur": "Namur",
    "liege": "Liège",
    "huy-waremme": "Huy-Waremme",
    "hainaut-sud": "Hainaut Sud",
    "hainaut-centre": "Hainaut Centre",
    "luxembourg": "Luxembourg",
    "brabant-wallon": "Brabant wallon",
    "wallonie-picarde": "Wallonie picarde",
}


def walloon_places(rows=PLACES) -> dict[str, PostalCode]:
    """Create (or get) the places above (``PLACES``, or ``BRAINES``); return the postal codes
    by code."""
    region, _ = Region.objects.get_or_create(nis_code="03000", defaults={"name_fr": "Wallonie"})
    provinces = {
        nis: Province.objects.get_or_create(
            nis_code=nis, defaults={"name_fr": name, "region": region}
        )[0]
        for nis, name in PROVINCES.items()
    }
    areas = {
        code: IbefeArea.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in IBEFE.items()
    }
    out = {}
    for code, locality, nis, name, province, ibefe, lat, lon in rows:
        municipality, _ = Municipality.objects.get_or_create(
            nis_code=nis,
            defaults={
                "name_fr": name,
                "region": region,
                "province": provinces[province],
                "ibefe_area": areas[ibefe],
                "search_name": search_names(name),
                "latitude": lat,
                "longitude": lon,
            },
        )
        out[code], _ = PostalCode.objects.get_or_create(
            code=code,
            municipality=municipality,
            defaults={
                "locality": locality,
                "search_locality": search_key(locality),
                "latitude": lat,
                "longitude": lon,
            },
        )
    return out


def postal_code(code: str) -> PostalCode:
    return walloon_places()[code]


class CentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Centre

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"CISP test {n} (fictif)")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    agrement_number = factory.Sequence(lambda n: f"CISP n° {n + 1000}")
    legal_form = LegalForm.ASBL
    federation = Federation.CAIPS
    methods = factory.LazyFunction(lambda: [Method.DEFI])
    email = "contact@centre.exemple.test"
    phone = "081 00 00 00"
    status = Centre.Status.PUBLISHED
    validated_at = factory.LazyFunction(timezone.now)


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    centre = factory.SubFactory(CentreFactory)
    name = "Site principal"
    street = factory.Sequence(lambda n: f"Rue de l'Exemple {n}")
    postal_code = factory.LazyFunction(lambda: postal_code("5000"))


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Training

    centre = factory.SubFactory(CentreFactory)
    site = factory.LazyAttribute(lambda o: o.centre.sites.first() or SiteFactory(centre=o.centre))
    name = factory.Sequence(lambda n: f"Formation {n}")
    objective = Objective.FORMATION_PROFESSIONNALISANTE
    method = Method.DEFI
    sector = Sector.OFFICE
    description = "Une formation pour apprendre un métier."
    duration_weeks = 30
    hours_per_week = 30
    places = 12
    agreed_hours_per_year = 8000


class InfoSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InfoSession

    centre = factory.SubFactory(CentreFactory)
    training = None
    site = factory.LazyAttribute(lambda o: o.centre.sites.first() or SiteFactory(centre=o.centre))
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    capacity = 10


def listed_centres(count: int, postal_code: PostalCode) -> None:
    """``count`` published centres, each with a site at ``postal_code``, a training and an
    information session there (to check that a page's query count does not grow)."""
    for _ in range(count):
        centre = CentreFactory()
        site = SiteFactory(centre=centre, postal_code=postal_code)
        TrainingFactory(centre=centre, site=site)
        InfoSessionFactory(centre=centre, site=site)
