"""Hours of continuing training by theme and role: exact for a centre, small cells hidden for
the sector, and the sections of the annual reports."""

import pytest

from tests.factories import OrganisationFactory, make_member
from tests.staff_training.factories import ModuleFactory, past_session, seat
from tremplin.accounts.models import Role
from tremplin.staff_training.figures import hours_by_theme_and_role
from tremplin.staff_training.models import Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_of_training():
    """Centre A: 6 trainers present at a pedagogy module (6 h); centre B: one coordinator
    present at a management module (6 h) and one absent."""
    a, b = OrganisationFactory(name="A (fictif)"), OrganisationFactory(name="B (fictif)")
    pedagogy = past_session(module=ModuleFactory(theme=Theme.PEDAGOGY))
    management = past_session(module=ModuleFactory(theme=Theme.MANAGEMENT))
    for _n in range(6):
        seat(pedagogy, make_member(Role.TRAINER, organisation=a), a, attendance="present")
    seat(management, make_member(Role.COORDINATOR, organisation=b), b, attendance="present")
    seat(management, make_member(Role.COORDINATOR, organisation=b), b, attendance="absent")
    return a, b, pedagogy.starts_at.year


def cell(result, theme=None, role=None):
    themes = [t["key"] for t in result["themes"]]
    roles = [r["key"] for r in result["roles"]]
    if theme and role:
        return result["table"][themes.index(theme)][roles.index(role)]
    if theme:
        return result["themes"][themes.index(theme)]
    return result["roles"][roles.index(role)]


def test_a_centre_sees_its_own_exact_figures(year_of_training):
    _a, b, year = year_of_training
    result = hours_by_theme_and_role(year, b, protect=False)
    assert result["total"]["value"] == 6.0 and result["total"]["people"] == 1
    assert cell(result, "management", "coordinator")["value"] == 6.0
    assert cell(result, "pedagogy")["value"] == 0  # centre A's hours are not there


def test_the_sector_hides_cells_where_people_could_be_recognised(year_of_training):
    _a, _b, year = year_of_training
    result = hours_by_theme_and_role(year, protect=True)
    assert result["total"]["value"] == 42.0 and result["total"]["people"] == 7
    assert cell(result, "management")["value"] is None  # one coordinator
    assert cell(result, "management")["display"] == "< 5"
    # 7 − 6 would give the management line back: the pedagogy line is hidden too.
    assert cell(result, "pedagogy")["value"] is None
    assert cell(result, role="coordinator")["value"] is None
    assert cell(result, "management", "coordinator")["value"] is None


def test_annual_reports_carry_a_continuing_training_section(year_of_training):
    from tremplin.stats import document
    from tremplin.stats.exports import cell_rows
    from tremplin.stats.indicators import sector_report

    _a, _b, year = year_of_training
    report = sector_report(year)
    assert report["staff_training"]["total"]["value"] == 42.0
    ids = [s.id for s in document.sections(report)]
    assert "formation-continue" in ids
    rows = [r for r in cell_rows(report) if r[0] == "staff_training"]
    assert ("staff_training", "hours", "total", "", "Total", "", 42.0, "") in rows


def test_centre_annual_report_section_is_exact(year_of_training):
    from tests.directory.factories import CentreFactory
    from tremplin.stats.indicators import centre_report

    _a, b, year = year_of_training
    centre = CentreFactory(organisation=b)
    report = centre_report(centre, year)
    assert report["staff_training"]["total"]["value"] == 6.0
