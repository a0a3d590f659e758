import pytest

from tests.directory.factories import (
    CentreFactory,
    InfoSessionFactory,
    SiteFactory,
    TrainingFactory,
    walloon_places,
)
from tremplin.directory.enums import Language, Method, Objective, Public, Sector


@pytest.fixture
def places(db):
    return walloon_places()


@pytest.fixture
def directory(places):
    """Four published centres (Namur, Jambes, Liège, Charleroi), one draft centre in Namur."""
    namur = CentreFactory(name="Les Ateliers de la Meuse (fictif)", methods=[Method.EFT])
    namur_site = SiteFactory(centre=namur, postal_code=places["5000"], name="Atelier de Namur")
    TrainingFactory(
        centre=namur,
        site=namur_site,
        name="Ouvrier ou ouvrière en maçonnerie",
        sector=Sector.CONSTRUCTION,
        method=Method.EFT,
        description="Monter des murs, poser des blocs, lire un plan.",
    )
    jambes = CentreFactory(name="Espace Lire à Jambes (fictif)")
    jambes_site = SiteFactory(centre=jambes, postal_code=places["5100"], name="Maison de Jambes")
    TrainingFactory(
        centre=jambes,
        site=jambes_site,
        name="Apprendre à lire et à écrire",
        sector=Sector.LITERACY,
        objective=Objective.FORMATION_BASE,
        publics=[Public.NEWCOMERS],
        language_support=[Language.AR],
    )
    InfoSessionFactory(centre=jambes, site=jambes_site)
    liege = CentreFactory(name="Cuisine solidaire de Liège (fictif)", methods=[Method.EFT])
    liege_site = SiteFactory(centre=liege, postal_code=places["4000"], name="Restaurant école")
    TrainingFactory(
        centre=liege,
        site=liege_site,
        name="Commis de cuisine",
        sector=Sector.HORECA,
        method=Method.EFT,
        description="Préparer les légumes, cuire, dresser les assiettes.",
        publics=[Public.YOUNG],
    )
    charleroi = CentreFactory(name="Tremplin numérique de Charleroi (fictif)")
    charleroi_site = SiteFactory(centre=charleroi, postal_code=places["6000"])
    TrainingFactory(
        centre=charleroi,
        site=charleroi_site,
        name="Découvrir les métiers",
        sector=Sector.ORIENTATION,
        objective=Objective.ORIENTATION,
    )
    draft = CentreFactory(name="Centre brouillon (fictif)", status="draft", validated_at=None)
    TrainingFactory(
        centre=draft,
        site=SiteFactory(centre=draft, postal_code=places["5000"]),
        name="Maçon brouillon",
        sector=Sector.CONSTRUCTION,
    )
    return {
        "namur": namur,
        "jambes": jambes,
        "liege": liege,
        "charleroi": charleroi,
        "draft": draft,
    }
