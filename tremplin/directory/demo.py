"""Demo directory: fictional centres spread over Wallonia, their sites, trainings and sessions.

Scale "demo": about 40 centres. Scale "sector": 150 centres, 300 sites, 450 trainings and
2,000 upcoming information sessions (the size the benchmark uses). Needs the territory
(``manage.py load_territory``). Everything is fictional: names say "démo" and "(fictif)".
"""

import datetime
from dataclasses import dataclass

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.text import slugify

from tremplin.accounts.models import Organisation
from tremplin.directory.enums import (
    Federation,
    FrenchLevel,
    Language,
    LegalForm,
    Method,
    Objective,
    Public,
    Sector,
)
from tremplin.directory.models import STALE_AFTER, Centre, InfoSession, Site, Training
from tremplin.territory.models import PostalCode

WALLOON_REGION = "03000"


@dataclass(frozen=True)
class Offer:
    name: str
    sector: str
    objective: str
    method: str
    description: str
    weeks: int
    hours: int
    french_level: str = FrenchLevel.ORAL


PRO = Objective.FORMATION_PROFESSIONNALISANTE
BASE = Objective.FORMATION_BASE
ORIENTATION = Objective.ORIENTATION

OFFERS = [
    Offer("Ouvrier ou ouvrière polyvalente du bâtiment", Sector.CONSTRUCTION, PRO, Method.EFT,
          "Maçonnerie, carrelage et petits travaux de rénovation sur de vrais chantiers.", 40, 32),
    Offer("Maçonnerie et gros œuvre", Sector.CONSTRUCTION, PRO, Method.EFT,
          "Monter des murs, lire un plan, travailler en sécurité sur chantier.", 44, 32),
    Offer("Peinture et finitions", Sector.CONSTRUCTION, PRO, Method.EFT,
          "Préparer les supports, peindre, poser du papier peint.", 36, 30),
    Offer("Commis de cuisine", Sector.HORECA, PRO, Method.EFT,
          "Préparer, cuire et dresser les plats dans le restaurant d'application.", 40, 32),
    Offer("Service en salle", Sector.HORECA, PRO, Method.EFT,
          "Accueillir les clients, prendre les commandes, servir au restaurant du centre.",
          30, 30),
    Offer("Aide-ménager ou aide-ménagère", Sector.CLEANING, PRO, Method.DEFI,
          "Entretien des maisons, repassage, produits et gestes sûrs.", 24, 28),
    Offer("Technicien ou technicienne de surface", Sector.CLEANING, PRO, Method.EFT,
          "Nettoyage de bureaux et de collectivités avec de vrais clients.", 26, 30),
    Offer("Magasinier ou magasinière et cariste", Sector.LOGISTICS, PRO, Method.DEFI,
          "Réception, stockage, préparation de commandes, permis cariste.", 30, 30),
    Offer("Jardinier ou jardinière d'entretien", Sector.GREEN, PRO, Method.EFT,
          "Tonte, taille, plantations et entretien d'espaces verts pour des clients.", 40, 32),
    Offer("Maraîchage biologique", Sector.GREEN, PRO, Method.EFT,
          "Cultiver des légumes bio, de la graine à la vente au marché.", 44, 30),
    Offer("Vente et caisse", Sector.RETAIL, PRO, Method.DEFI,
          "Accueil des clients, mise en rayon, caisse, dans la boutique du centre.", 26, 30),
    Offer("Employé ou employée administrative", Sector.OFFICE, PRO, Method.DEFI,
          "Classement, courrier, tableur et accueil téléphonique.", 36, 30, FrenchLevel.B1),
    Offer("Couture et retouches", Sector.TEXTILE, PRO, Method.EFT,
          "Retouches et créations pour des clients dans l'atelier de couture.", 36, 28),
    Offer("Aide aux personnes âgées", Sector.CARE, PRO, Method.DEFI,
          "Accompagner une personne âgée au quotidien : repas, courses, écoute.", 36, 30,
          FrenchLevel.A2),
    Offer("Initiation à l'informatique", Sector.DIGITAL, BASE, Method.DEFI,
          "Utiliser un ordinateur, internet, l'e-mail et les démarches en ligne.", 16, 18),
    Offer("Alphabétisation : lire, écrire, calculer", Sector.LITERACY, BASE, Method.DEFI,
          "Apprendre à lire et à écrire en petit groupe, à son rythme.", 40, 16,
          FrenchLevel.NONE),
    Offer("Français langue étrangère (FLE)", Sector.FLE, BASE, Method.DEFI,
          "Parler, comprendre et écrire le français de tous les jours.", 30, 20,
          FrenchLevel.NONE),
    Offer("Remise à niveau en français et en mathématiques", Sector.BASIC_SKILLS, BASE,
          Method.DEFI, "Revoir les bases pour préparer le CEB ou une formation qualifiante.",
          30, 24, FrenchLevel.A2),
    Offer("Orientation : trouver son métier", Sector.ORIENTATION, ORIENTATION, Method.DEFI,
          "Découvrir des métiers, faire des stages courts, construire son projet.", 10, 24),
    Offer("Confiance en soi et projet personnel", Sector.PERSONAL_DEVELOPMENT, ORIENTATION,
          Method.DEFI, "Reprendre confiance, retrouver un rythme, définir ses objectifs.",
          12, 20),
]  # fmt: skip

THEMES = [
    "Les Ateliers",
    "Le Tremplin",
    "La Passerelle",
    "L'Envol",
    "Le Chantier-école",
    "La Boussole",
    "Le Relais",
    "L'Atelier vert",
    "La Cuisine solidaire",
    "Les Jardins",
    "Lire et écrire",
    "Le Pont",
    "L'Escale",
    "La Ruche",
    "Le Déclic",
]
SCHEDULES = [
    "Du lundi au jeudi, de 8 h 30 à 16 h",
    "Du lundi au vendredi, de 9 h à 15 h 30 (pas le mercredi après-midi)",
    "Lundi, mardi et jeudi, de 9 h à 16 h",
    "Tous les matins, de 9 h à 12 h 30",
]


def _walloon_postal_codes():
    codes = list(
        PostalCode.objects.filter(municipality__region_id=WALLOON_REGION)
        .select_related("municipality")
        .order_by("code", "id")
    )
    if not codes:
        raise CommandError(
            "Le territoire n'est pas chargé : lancez d'abord « manage.py load_territory »."
        )
    return codes


def _status(world, index: int) -> str:
    """Mostly published; a few drafts and entries awaiting validation at demo scale."""
    if world.is_sector:
        return Centre.Status.PUBLISHED
    return {3: Centre.Status.PENDING_VALIDATION, 7: Centre.Status.DRAFT}.get(
        index % 20, Centre.Status.PUBLISHED
    )


def _near(world, value: float) -> float:
    return value + world.rng.uniform(-0.006, 0.006)


def _build_centres(world, codes):
    count = world.sized(40, 150)
    now = timezone.now()
    places = world.rng.sample(codes, k=min(count, len(codes)))
    organisations, centres = [], []
    for index, place in enumerate(places):
        theme = world.rng.choice(THEMES)
        name = f"CISP démo — {theme} de {place.municipality.name_fr} (fictif)"
        organisation = Organisation(
            name=name,
            kind=Organisation.Kind.CENTRE,
            email=f"contact.{index + 1}@cisp-demo.example",
        )
        status = _status(world, index)
        stale = world.rng.random() < 0.1
        updated = now - (
            STALE_AFTER + datetime.timedelta(days=30)
            if stale
            else datetime.timedelta(days=world.rng.randint(0, 120))
        )
        centres.append(
            Centre(
                organisation=organisation,
                name=name,
                slug=f"{slugify(name)}-{index + 1}"[:220],
                agrement_number=f"CISP n° {100 + index}",
                legal_form=world.rng.choices(
                    [LegalForm.ASBL, LegalForm.CPAS, LegalForm.CPAS_ASSOCIATION], [8, 2, 1]
                )[0],
                federation=world.rng.choice(Federation.values),
                methods=[Method.DEFI],  # set from the trainings below
                description=(
                    f"Centre fictif de démonstration à {place.municipality.name_fr}. "
                    "Formations gratuites pour les personnes qui cherchent un emploi."
                ),
                phone=f"0{world.rng.randint(60, 87)} {world.rng.randint(10, 99)} "
                f"{world.rng.randint(10, 99)} {world.rng.randint(10, 99)}",
                email=organisation.email,
                website=f"https://cisp-demo-{index + 1}.example",
                accessibility=world.rng.choice(
                    [
                        "Entrée de plain-pied, toilettes adaptées.",
                        "Ateliers au rez-de-chaussée ; salle de cours au 1er étage sans ascenseur.",
                        "Bâtiment accessible en fauteuil roulant, ascenseur.",
                    ]
                ),
                status=status,
                validated_at=now if status == Centre.Status.PUBLISHED else None,
                updated_at=updated,
            )
        )
        organisations.append(organisation)
    Organisation.objects.bulk_create(organisations)
    for centre in centres:
        centre.organisation_id = centre.organisation.pk
    Centre.objects.bulk_create(centres)
    return centres, places


def _build_sites(world, centres, places, codes):
    by_municipality = {}
    for code in codes:
        by_municipality.setdefault(code.municipality_id, []).append(code)
    sites_per_centre = {}
    sites = []
    total = world.sized(60, 300)
    extra_count = min(len(centres), max(0, total - len(centres)))
    extra = set(world.rng.sample(range(len(centres)), k=extra_count))
    for index, (centre, place) in enumerate(zip(centres, places, strict=True)):
        own = [
            Site(
                centre=centre,
                name="Siège",
                street=f"Rue de la Formation {world.rng.randint(1, 150)}",
                postal_code=place,
                latitude=_near(world, place.latitude),
                longitude=_near(world, place.longitude),
                accessibility=centre.accessibility,
            )
        ]
        if index in extra:
            other = world.rng.choice(by_municipality.get(place.municipality_id, [place]))
            if other == place:
                other = world.rng.choice(codes)
            own.append(
                Site(
                    centre=centre,
                    name="Atelier",
                    street=f"Chaussée de l'Atelier {world.rng.randint(1, 300)}",
                    postal_code=other,
                    latitude=_near(world, other.latitude),
                    longitude=_near(world, other.longitude),
                )
            )
        sites_per_centre[centre.pk] = own
        sites.extend(own)
    Site.objects.bulk_create(sites)
    return sites_per_centre


def _build_trainings(world, centres, sites_per_centre):
    today = world.today
    trainings = []
    per_centre = {}
    total = world.sized(110, 450)
    counts = [total // len(centres)] * len(centres)
    for index in world.rng.sample(range(len(centres)), k=total - sum(counts)):
        counts[index] += 1
    for centre, count in zip(centres, counts, strict=True):
        offers = world.rng.sample(OFFERS, k=min(count, len(OFFERS)))
        own = []
        for offer in offers:
            places = world.rng.choice([8, 10, 12, 15])
            training = Training(
                centre=centre,
                site=world.rng.choice(sites_per_centre[centre.pk]),
                name=offer.name,
                objective=offer.objective,
                method=offer.method,
                sector=offer.sector,
                description=offer.description,
                duration_weeks=offer.weeks,
                hours_per_week=offer.hours,
                schedule=world.rng.choice(SCHEDULES),
                french_level=offer.french_level,
                prerequisites=(
                    "Être inscrit ou inscrite comme demandeur ou demandeuse d'emploi au Forem."
                ),
                publics=world.rng.choice(
                    [
                        [],
                        [],
                        [],
                        [Public.YOUNG],
                        [Public.WOMEN],
                        [Public.NEWCOMERS],
                        [Public.DISABILITY, Public.OVER_45],
                    ]
                ),  # fmt: skip
                language_support=world.rng.choice(
                    [
                        [],
                        [],
                        [Language.EN],
                        [Language.AR],
                        [Language.AR, Language.EN],
                        [Language.UK, Language.RU],
                        [Language.SIGN],
                    ]
                ),  # fmt: skip
                places=places,
                next_intake=today + datetime.timedelta(days=world.rng.randint(10, 150)),
                agreed_hours_per_year=round(places * offer.hours * offer.weeks * 0.8, -2),
            )
            training.search_text = training.build_search_text()
            own.append(training)
        centre.methods = sorted({training.method for training in own}) or [Method.DEFI]
        per_centre[centre.pk] = own
        trainings.extend(own)
    Training.objects.bulk_create(trainings)
    Centre.objects.bulk_update(centres, ["methods"])
    return per_centre


def _build_sessions(world, centres, sites_per_centre, trainings_per_centre):
    total = world.sized(120, 2000)
    weeks = world.sized(8, 12)
    sessions = []
    start = datetime.datetime.combine(world.today, datetime.time())
    for number in range(total):
        centre = centres[number % len(centres)]
        trainings = trainings_per_centre[centre.pk]
        training = world.rng.choice(trainings) if trainings and world.rng.random() < 0.7 else None
        site = training.site if training else world.rng.choice(sites_per_centre[centre.pk])
        day = start + datetime.timedelta(days=world.rng.randint(1, weeks * 7))
        if day.weekday() >= 5:
            day += datetime.timedelta(days=7 - day.weekday())
        hour = world.rng.choice([(9, 30), (10, 0), (13, 30), (14, 0)])
        starts = timezone.make_aware(day.replace(hour=hour[0], minute=hour[1]))
        sessions.append(
            InfoSession(
                centre=centre,
                training=training,
                site=site,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=world.rng.choice([1, 2])),
                capacity=world.rng.choice([8, 10, 12, 15, 20]),
            )
        )
    InfoSession.objects.bulk_create(sessions, batch_size=1000)
    return sessions


def build(world) -> None:
    codes = _walloon_postal_codes()
    centres, places = _build_centres(world, codes)
    sites_per_centre = _build_sites(world, centres, places, codes)
    trainings_per_centre = _build_trainings(world, centres, sites_per_centre)
    sessions = _build_sessions(world, centres, sites_per_centre, trainings_per_centre)
    world.objects["centres"] = centres
    world.objects["sites"] = [site for own in sites_per_centre.values() for site in own]
    world.objects["trainings"] = [t for own in trainings_per_centre.values() for t in own]
    world.objects["info_sessions"] = sessions
    world.log(
        f"annuaire : {len(centres)} centres, {len(world.objects['sites'])} sites, "
        f"{len(world.objects['trainings'])} formations, {len(sessions)} séances d'information"
    )
