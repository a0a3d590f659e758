"""What the pages and documents show: key figures, sections (chart + data table) and short
automatic comments, built from a report dict (``indicators.sector_report``/``centre_report``).

Everything here is already formatted for reading; templates only lay it out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from tremplin.stats import labels
from tremplin.stats.charts import Bar, bar_chart
from tremplin.stats.formatting import fmt, percent
from tremplin.stats.indicators import evolution
from tremplin.stats.privacy import SECONDARY, SMALL

DEFAULT_BREAKDOWN = "province"

# What a hidden cell shows, in the reader's language (the report dict keeps the French text).
HIDDEN_TEXT = {SMALL: "< 5", SECONDARY: pgettext_lazy("hidden statistics cell", "masqué")}


def hidden_text(cell: dict) -> str:
    flag = cell.get("suppressed")
    return str(HIDDEN_TEXT[flag]) if flag in HIDDEN_TEXT else cell.get("display", "")


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    total: list[str] | None = None


@dataclass
class Section:
    id: str
    title: str
    chart: str
    table: Table
    intro: str = ""
    extra_tables: list[Table] = field(default_factory=list)


@dataclass
class KeyFigure:
    label: str
    value: str
    change: str = ""
    note: str = ""  # what the figure rests on (numerator, denominator, response rate)


def shown(cell: dict, measure: str, decimals: int = 0, as_percent: bool = False) -> str:
    """The text of a published cell: the number, or "< 5" / "masqué"."""
    if cell.get("value") is None:
        return hidden_text(cell)
    value = cell["value"].get(measure)
    if value is None:
        return "—"
    return percent(value) if as_percent else fmt(value, decimals)


def number(cell: dict, measure: str):
    return None if cell.get("value") is None else cell["value"].get(measure)


def _bars(rows, measure, previous_rows=None):
    previous = {r["key"]: number(r, measure) for r in previous_rows or []}
    return [
        Bar(
            r["label"],
            number(r, measure),
            hidden_text(r),
            previous.get(r["key"]),
        )
        for r in rows
    ]


def _dimension_table(caption, dimension_title, rows, total, columns) -> Table:
    """``columns``: list of (header, measure, decimals, as_percent)."""
    table = Table(caption, [dimension_title, *(c[0] for c in columns)])
    for row in rows:
        table.rows.append([row["label"], *(shown(row, m, d, p) for _h, m, d, p in columns)])
    table.total = [_("Total"), *(shown(total, m, d, p) for _h, m, d, p in columns)]
    return table


def key_figures(report: dict) -> list[KeyFigure]:
    previous = report["previous_year"]
    people = report["people_under_contract"]["total"]
    hours_total = report["hours"]["total"]

    def change(current, before):
        ratio = evolution(current, before)
        return percent(ratio, signed=True) if ratio is not None else ""

    centres = report["centres"]["total"]["value"]["people"]
    trainings = report["trainings"]["total"]["value"]["people"]
    figures = [
        KeyFigure(
            ngettext("centre actif", "centres actifs", centres),
            fmt(centres),
            change(centres, previous["centres"]),
        ),
        KeyFigure(
            ngettext("filière suivie", "filières suivies", trainings),
            fmt(trainings),
            change(report["trainings"]["total"]["value"]["people"], previous["trainings"]),
        ),
        KeyFigure(
            _("stagiaires sous contrat"),
            shown(people, "people"),
            change(number(people, "people"), previous["people_under_contract"]),
        ),
        KeyFigure(
            _("heures suivies"),
            shown(hours_total, "followed"),
            change(number(hours_total, "followed"), previous["hours_followed"]),
        ),
        KeyFigure(
            _("heures assimilées"),
            shown(hours_total, "assimilated"),
            change(number(hours_total, "assimilated"), previous["hours_assimilated"]),
        ),
    ]
    situation = report["situation_6_months"]["total"]
    if number(situation, "share") is not None:
        answers = number(situation, "answers")
        exits = report["situation_6_months"].get("exits") or 0
        note = _("%(positive)s personnes sur %(answers)s réponses au suivi") % {
            "positive": fmt(number(situation, "in_job_or_training")),
            "answers": fmt(answers),
        }
        if exits:
            rate = _("; taux de réponse %(rate)s (%(answers)s réponses / %(exits)s sorties)")
            note += rate % {
                "rate": percent(answers / exits),
                "answers": fmt(answers),
                "exits": fmt(exits),
            }
        figures.append(
            KeyFigure(
                _("en emploi ou en formation six mois après la sortie"),
                percent(number(situation, "share")),
                note=note,
            )
        )
    return figures


def summary(report: dict) -> dict:
    """The context of ``stats/_summary.html``: the key figures, the comments and the
    definitions of the figures people quote."""
    return {
        "figures": key_figures(report),
        "previous_year": report["year"] - 1,
        "comments": comments(report),
        "definitions": definitions(),
    }


def definitions() -> list[tuple[str, str]]:
    """``(term, definition)`` of the figures that people quote, written from the code lists."""
    from tremplin.training.models import POSITIVE_EXITS, ExitReason

    positive = ", ".join(str(r.label).lower() for r in ExitReason if r in POSITIVE_EXITS)
    return [
        (
            _("Sortie positive"),
            _("une fin de formation vers un emploi ou une formation : %(reasons)s.")
            % {"reasons": positive},
        ),
        (
            _("En emploi ou en formation six mois après la sortie"),
            _(
                "les personnes qui ont répondu au suivi à six mois et se disent en emploi ou en "
                "formation (numérateur), divisées par le nombre de réponses reçues "
                "(dénominateur) — pas par le nombre de sorties."
            ),
        ),
        (
            _("Taux de réponse"),
            _("les réponses au suivi à six mois divisées par les sorties de l'année."),
        ),
    ]


def comments(report: dict) -> list[str]:
    """Short sentences on the evolution since the previous year and the outcomes."""
    year, previous = report["year"], report["previous_year"]
    sentences = []
    pairs = [
        (
            number(report["people_under_contract"]["total"], "people"),
            previous["people_under_contract"],
            _("%(change)s de stagiaires sous contrat par rapport à %(year)s."),
        ),
        (
            number(report["hours"]["total"], "followed"),
            previous["hours_followed"],
            _("%(change)s d'heures de formation suivies par rapport à %(year)s."),
        ),
    ]
    if report["scope"] != "centre":  # one centre's report: the number of centres means nothing
        pairs.append(
            (
                report["centres"]["total"]["value"]["people"],
                previous["centres"],
                _("%(change)s de centres actifs par rapport à %(year)s."),
            )
        )
    for current, before, text in pairs:
        ratio = evolution(current, before)
        if ratio is not None:
            sentences.append(text % {"change": percent(ratio, signed=True), "year": year - 1})
    exits_total = report["exits"]["total"]
    exits, positive = number(exits_total, "exits"), number(exits_total, "positive")
    if exits:
        sentences.append(
            _(
                "%(share)s des %(exits)s sorties de %(year)s sont des sorties positives "
                "(emploi ou formation)."
            )
            % {"share": percent(positive / exits), "exits": fmt(exits), "year": year}
        )
    share = report["interruptions"].get("share_of_exits")
    if share is not None:
        sentences.append(
            _("%(share)s des sorties sont des interruptions.") % {"share": percent(share)}
        )
    situation = report["situation_6_months"]["total"]
    if number(situation, "share") is not None:
        sentences.append(
            _(
                "Six mois après leur sortie, %(share)s des personnes qui ont répondu sont en "
                "emploi ou en formation (%(answers)s réponses)."
            )
            % {
                "share": percent(number(situation, "share")),
                "answers": fmt(number(situation, "answers")),
            }
        )
    return sentences


def sections(report: dict, breakdown: str = DEFAULT_BREAKDOWN, compare: dict | None = None):
    """The report as sections (chart + table), broken down by ``breakdown``."""
    dimension_title = str(labels.DIMENSION_LABELS[breakdown])
    result = []

    people = report["people_under_contract"]
    previous_people = compare["people_under_contract"]["by"][breakdown] if compare else None
    columns = [(_("Personnes"), "people", 0, False), (_("Contrats"), "contracts", 0, False)]
    table = _dimension_table(
        _("Stagiaires sous contrat par %(dimension)s") % {"dimension": dimension_title.lower()},
        dimension_title,
        people["by"][breakdown],
        people["total"],
        columns,
    )
    if compare:
        _add_previous_column(table, people["by"][breakdown], previous_people, "people", compare)
    result.append(
        Section(
            "stagiaires",
            _("Stagiaires sous contrat"),
            bar_chart(
                _("Stagiaires sous contrat par %(dimension)s")
                % {"dimension": dimension_title.lower()},
                _bars(people["by"][breakdown], "people", previous_people),
            ),
            table,
            _("Une personne est comptée une fois, quel que soit le nombre de ses contrats."),
        )
    )

    hours = report["hours"]
    previous_hours = compare["hours"]["by"][breakdown] if compare else None
    columns = [
        (_("Heures suivies"), "followed", 0, False),
        (_("Heures assimilées"), "assimilated", 0, False),
        (_("Total"), "total", 0, False),
        (_("Personnes"), "people", 0, False),
    ]
    result.append(
        Section(
            "heures",
            _("Heures de formation"),
            bar_chart(
                _("Heures suivies par %(dimension)s") % {"dimension": dimension_title.lower()},
                _bars(hours["by"][breakdown], "followed", previous_hours),
            ),
            _dimension_table(
                _("Heures suivies et assimilées par %(dimension)s")
                % {"dimension": dimension_title.lower()},
                dimension_title,
                hours["by"][breakdown],
                hours["total"],
                columns,
            ),
            _("Somme des heures du registre de présence de l'année."),
        )
    )

    centres = report["centres"]
    centre_table = Table(
        _("Centres par méthode et par forme juridique"), [_("Catégorie"), _("Centres")]
    )
    for cell in centres["by_method"] + centres["by_legal_form"]:
        centre_table.rows.append([cell["label"], fmt(cell["value"])])
    result.append(
        Section(
            "centres",
            _("Centres"),
            bar_chart(
                _("Centres par méthode"),
                [Bar(c["label"], c["value"]) for c in centres["by_method"]],
            ),
            centre_table,
            _("Centres ayant eu au moins un·e stagiaire sous contrat dans l'année."),
            [
                _dimension_table(
                    _("Centres par %(dimension)s") % {"dimension": dimension_title.lower()},
                    dimension_title,
                    centres["by"][breakdown],
                    centres["total"],
                    [(_("Centres"), "people", 0, False)],
                )
            ],
        )
    )

    trainings = report["trainings"]
    result.append(
        Section(
            "filieres",
            _("Filières"),
            bar_chart(
                _("Filières par objectif"),
                _bars(trainings["by"]["objective"], "people"),
            ),
            _dimension_table(
                _("Filières par %(dimension)s") % {"dimension": dimension_title.lower()},
                dimension_title,
                trainings["by"][breakdown],
                trainings["total"],
                [(_("Filières"), "people", 0, False)],
            ),
            _("Filières ayant eu au moins un·e stagiaire sous contrat dans l'année."),
            [
                _dimension_table(
                    _("Filières par secteur"),
                    str(labels.DIMENSION_LABELS["sector"]),
                    trainings["by"]["sector"],
                    trainings["total"],
                    [(_("Filières"), "people", 0, False)],
                )
            ],
        )
    )

    for attribute, profile in report["profile_at_entry"].items():
        result.append(
            _categorical_section(
                f"profil-{attribute.replace('_', '-')}",
                _("Profil à l'entrée : %(title)s") % {"title": profile["title"].lower()},
                profile,
                "people",
                breakdown,
                dimension_title,
            )
        )
    result.append(
        _categorical_section(
            "interruptions",
            _("Interruptions par motif"),
            report["interruptions"],
            "interruptions",
            breakdown,
            dimension_title,
        )
    )
    result.append(
        _categorical_section(
            "sorties",
            _("Sorties par destination"),
            report["exits"],
            "exits",
            breakdown,
            dimension_title,
        )
    )

    situation = report["situation_6_months"]
    result.append(
        Section(
            "six-mois",
            _("Situation six mois après la sortie"),
            bar_chart(
                _("Situation six mois après la sortie"),
                [
                    Bar(c["label"], number(c, "answers"), hidden_text(c))
                    for c in situation["categories"]
                ],
            ),
            _dimension_table(
                _("Part en emploi ou en formation par %(dimension)s")
                % {"dimension": dimension_title.lower()},
                dimension_title,
                situation["by"][breakdown],
                situation["total"],
                [
                    (_("Réponses"), "answers", 0, False),
                    (_("En emploi ou en formation"), "in_job_or_training", 0, False),
                    (_("Part"), "share", 1, True),
                ],
            ),
            _("La part repose sur les réponses reçues ; leur nombre est indiqué."),
        )
    )

    satisfaction = report["satisfaction"]
    questions = satisfaction["questions"]
    result.append(
        Section(
            "satisfaction",
            _("Satisfaction des stagiaires"),
            bar_chart(
                _("Note moyenne par question (sur 5)"),
                [
                    Bar(
                        q["label"],
                        number(satisfaction["total"], q["key"]),
                        shown(satisfaction["total"], q["key"]),
                    )
                    for q in questions
                ],
                decimals=1,
            ),
            _dimension_table(
                _("Notes moyennes (sur 5) par %(dimension)s")
                % {"dimension": dimension_title.lower()},
                dimension_title,
                satisfaction["by"][breakdown],
                satisfaction["total"],
                [(_("Réponses"), "people", 0, False)]
                + [(q["label"], q["key"], 1, False) for q in questions],
            ),
            _(
                "Enquête anonyme à la sortie, notes de 1 (pas du tout d'accord) "
                "à 5 (tout à fait d'accord)."
            ),
        )
    )
    if "staff_training" in report:
        from tremplin.staff_training.figures import section

        result.append(section(report["staff_training"]))
    return result


def _categorical_section(section_id, title, result, measure, breakdown, dimension_title):
    categories = result["categories"]
    chart = bar_chart(title, _bars(categories, measure))
    table = Table(
        _("%(title)s par %(dimension)s") % {"title": title, "dimension": dimension_title.lower()},
        [dimension_title, *(c["label"] for c in categories), _("Total")],
    )
    for row in result["by"][breakdown]:
        table.rows.append(
            [row["label"], *(shown(c, measure) for c in row["categories"]), shown(row, measure)]
        )
    table.total = [
        _("Total"),
        *(shown(c, measure) for c in categories),
        shown(result["total"], measure),
    ]
    return Section(section_id, title, chart, table)


def _add_previous_column(table, rows, previous_rows, measure, compare):
    previous = {r["key"]: r for r in previous_rows or []}
    table.headers.append(_("Personnes en %(year)s") % {"year": compare["year"]})
    for line, row in zip(table.rows, rows, strict=True):
        before = previous.get(row["key"])
        line.append(shown(before, measure) if before else "0")
    table.total.append(shown(compare["people_under_contract"]["total"], measure))
