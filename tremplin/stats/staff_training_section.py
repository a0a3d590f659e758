"""The continuing training of the sector's staff as a section of the statistics pages and
annual reports (the figures come from ``tremplin.staff_training.figures``)."""

from django.utils.translation import gettext as _

from tremplin.formatting import number as fmt
from tremplin.stats.cells import Section, Table, hidden_text
from tremplin.stats.charts import Bar, bar_chart


def _shown(cell: dict, measure: str = "hours") -> str:
    if cell.get("value") is None:
        return hidden_text(cell)
    if measure == "hours":
        return fmt(cell["value"], 1)
    return fmt(cell["people"])


def section(result: dict):
    """The figures of ``hours_by_theme_and_role`` as a ``Section``: a chart of hours by theme,
    the table theme × role (hours), and the people per theme and per role."""
    roles = result["roles"]
    table = Table(
        _("Heures de formation continue par thème et par fonction, %(year)s")
        % {"year": result["year"]},
        [_("Thème"), *(r["label"] for r in roles), _("Total")],
    )
    for theme, cells in zip(result["themes"], result["table"], strict=True):
        table.rows.append([theme["label"], *(_shown(c) for c in cells), _shown(theme)])
    table.total = [_("Total"), *(_shown(r) for r in roles), _shown(result["total"])]
    people = Table(
        _("Personnes formées (une personne compte une fois par ligne)"),
        [_("Thème ou fonction"), _("Personnes"), _("Heures")],
    )
    for line in [*result["themes"], *roles]:
        people.rows.append([line["label"], _shown(line, "people"), _shown(line)])
    people.total = [_("Total"), _shown(result["total"], "people"), _shown(result["total"])]
    intro = _(
        "Heures suivies par le personnel des centres aux formations continues de la "
        "fédération (présences notées)."
    )
    if result["protected"]:
        intro += " " + _("Une case de moins de 5 personnes n'est pas publiée.")
    return Section(
        "formation-continue",
        _("Formation continue du personnel"),
        bar_chart(
            _("Heures de formation continue par thème"),
            [Bar(t["label"], t["value"], hidden_text(t)) for t in result["themes"]],
        ),
        table,
        intro,
        [people],
    )
