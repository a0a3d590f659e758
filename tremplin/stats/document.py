"""What the pages and documents show: key figures, sections (chart + data table) and short
automatic comments, built from a report dict (``indicators.sector_report``/``centre_report``).

Everything here is already formatted for reading; templates only lay it out.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tremplin.formatting import number as fmt
from tremplin.formatting import percent
from tremplin.stats import labels, staff_training_section
from tremplin.stats.cells import KeyFigure, Section, Table, hidden_text, number, shown
from tremplin.stats.charts import Bar, StackedRow, bar_chart, stacked_chart
from tremplin.stats.indicators import evolution

DEFAULT_BREAKDOWN = "province"
# The register counts quarter hours: the hours keep their decimals (39,75), so that the hours
# followed and assimilated add up to the total shown (each rounded to the hour did not).
HOUR_DECIMALS = 2


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

    def figure(label, text, amount, before, kind="number"):
        ratio = evolution(amount, before)
        change = percent(ratio, signed=True) if ratio is not None else ""
        return KeyFigure(label, text, change, amount=amount, kind=kind, change_ratio=ratio)

    centres = report["centres"]["total"]["value"]["people"]
    trainings = report["trainings"]["total"]["value"]["people"]
    figures = [
        figure(
            ngettext("centre actif", "centres actifs", centres),
            fmt(centres),
            centres,
            previous["centres"],
        ),
        figure(
            ngettext("filière suivie", "filières suivies", trainings),
            fmt(trainings),
            trainings,
            previous["trainings"],
        ),
        figure(
            _("stagiaires sous contrat"),
            shown(people, "people"),
            number(people, "people"),
            previous["people_under_contract"],
        ),
        figure(
            _("heures suivies"),
            shown(hours_total, "followed", HOUR_DECIMALS),
            number(hours_total, "followed"),
            previous["hours_followed"],
            "hours",
        ),
        figure(
            _("heures assimilées"),
            shown(hours_total, "assimilated", HOUR_DECIMALS),
            number(hours_total, "assimilated"),
            previous["hours_assimilated"],
            "hours",
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
                amount=number(situation, "share"),
                kind="percent",
            )
        )
    return figures


def lower_first(label) -> str:
    """A label put in the middle of a sentence: its first letter in lower case, the rest as
    written, so that names keep their capitals (« formation qualifiante au Forem », « bassin
    IBEFE »); a label that starts with an acronym stays as it is (« IBEFE area »)."""
    text = str(label)
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


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

    positive = ", ".join(lower_first(r.label) for r in ExitReason if r in POSITIVE_EXITS)
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


@dataclass(frozen=True)
class Breakdown:
    """What every section builder reads: the report, the chosen breakdown and its title, and
    the report of the year compared with (or ``None``)."""

    report: dict
    key: str
    title: str
    compare: dict | None

    def of(self, text: str) -> str:
        """``text`` with ``%(dimension)s`` replaced by the breakdown's title in lower case."""
        return text % {"dimension": lower_first(self.title)}

    def table(self, caption: str, figure: dict, columns) -> Table:
        return _dimension_table(
            caption, self.title, figure["by"][self.key], figure["total"], columns
        )


def _people(b: Breakdown) -> list[Section]:
    people = b.report["people_under_contract"]
    previous = b.compare["people_under_contract"]["by"][b.key] if b.compare else None
    caption = b.of(_("Stagiaires sous contrat par %(dimension)s"))
    table = b.table(
        caption,
        people,
        [(_("Personnes"), "people", 0, False), (_("Contrats"), "contracts", 0, False)],
    )
    if b.compare:
        _add_previous_column(table, people["by"][b.key], previous, "people", b.compare)
    chart = bar_chart(caption, _bars(people["by"][b.key], "people", previous))
    note = _("Une personne est comptée une fois, quel que soit le nombre de ses contrats.")
    return [Section("stagiaires", _("Stagiaires sous contrat"), chart, table, note)]


def _hours(b: Breakdown) -> list[Section]:
    hours = b.report["hours"]
    previous = b.compare["hours"]["by"][b.key] if b.compare else None
    chart = bar_chart(
        b.of(_("Heures suivies par %(dimension)s")),
        _bars(hours["by"][b.key], "followed", previous),
    )
    table = b.table(
        b.of(_("Heures suivies et assimilées par %(dimension)s")),
        hours,
        [
            (_("Heures suivies"), "followed", HOUR_DECIMALS, False),
            (_("Heures assimilées"), "assimilated", HOUR_DECIMALS, False),
            (_("Total"), "total", HOUR_DECIMALS, False),
            (_("Personnes"), "people", 0, False),
        ],
    )
    note = _("Somme des heures du registre de présence de l'année.")
    return [Section("heures", _("Heures de formation"), chart, table, note)]


def _centres(b: Breakdown) -> list[Section]:
    if b.report["scope"] == "centre":
        return []  # one centre's report: centres by method or legal form mean nothing
    centres = b.report["centres"]
    by_kind = Table(_("Centres par méthode et par forme juridique"), [_("Catégorie"), _("Centres")])
    for cell in centres["by_method"] + centres["by_legal_form"]:
        by_kind.rows.append([cell["label"], fmt(cell["value"])])
    # The chart follows the chosen breakdown, with its table beside it.
    caption = b.of(_("Centres par %(dimension)s"))
    chart = bar_chart(caption, _bars(centres["by"][b.key], "people"))
    table = b.table(caption, centres, [(_("Centres"), "people", 0, False)])
    note = _("Centres ayant eu au moins une personne sous contrat dans l'année.")
    return [Section("centres", _("Centres"), chart, table, note, [by_kind])]


def _trainings(b: Breakdown) -> list[Section]:
    trainings = b.report["trainings"]
    columns = [(_("Filières"), "people", 0, False)]
    caption = b.of(_("Filières par %(dimension)s"))
    chart = bar_chart(caption, _bars(trainings["by"][b.key], "people"))
    table = b.table(caption, trainings, columns)
    extra = []
    if b.key != "sector":  # by sector is the main table already: not twice
        extra.append(
            _dimension_table(
                _("Filières par secteur"),
                str(labels.DIMENSION_LABELS["sector"]),
                trainings["by"]["sector"],
                trainings["total"],
                columns,
            )
        )
    note = _("Filières ayant eu au moins une personne sous contrat dans l'année.")
    return [Section("filieres", _("Filières"), chart, table, note, extra)]


def _profiles(b: Breakdown) -> list[Section]:
    return [
        _categorical_section(
            f"profil-{attribute.replace('_', '-')}",
            _("Profil à l'entrée : %(title)s") % {"title": lower_first(profile["title"])},
            profile,
            "people",
            b,
        )
        for attribute, profile in b.report["profile_at_entry"].items()
    ]


def _interruptions(b: Breakdown) -> list[Section]:
    title = _("Interruptions par motif")
    return [
        _categorical_section("interruptions", title, b.report["interruptions"], "interruptions", b)
    ]


def _exits(b: Breakdown) -> list[Section]:
    title = _("Sorties par destination")
    return [_categorical_section("sorties", title, b.report["exits"], "exits", b)]


def _six_months(b: Breakdown) -> list[Section]:
    situation = b.report["situation_6_months"]
    title = _("Situation six mois après la sortie")
    chart = bar_chart(
        title,
        [Bar(c["label"], number(c, "answers"), hidden_text(c)) for c in situation["categories"]],
    )
    table = b.table(
        b.of(_("Part en emploi ou en formation par %(dimension)s")),
        situation,
        [
            (_("Réponses"), "answers", 0, False),
            (_("En emploi ou en formation"), "in_job_or_training", 0, False),
            (_("Part"), "share", 1, True),
        ],
    )
    note = _(
        "La part = personnes en emploi ou en formation (numérateur) / réponses reçues "
        "(dénominateur), pas / sorties."
    )
    answers, exits = number(situation["total"], "answers"), situation.get("exits") or 0
    if answers is not None and exits:
        note += " " + _(
            "Taux de réponse : %(rate)s (%(answers)s réponses / %(exits)s sorties)."
        ) % {"rate": percent(answers / exits), "answers": fmt(answers), "exits": fmt(exits)}
    return [Section("six-mois", title, chart, table, note)]


def _satisfaction(b: Breakdown) -> list[Section]:
    satisfaction = b.report["satisfaction"]
    questions = satisfaction["questions"]
    total = satisfaction["total"]
    chart = bar_chart(
        _("Note moyenne par question (sur 5)"),
        [Bar(q["label"], number(total, q["key"]), shown(total, q["key"])) for q in questions],
        decimals=1,
    )
    table = b.table(
        b.of(_("Notes moyennes (sur 5) par %(dimension)s")),
        satisfaction,
        [(_("Réponses"), "people", 0, False)]
        + [(q["label"], q["key"], 1, False) for q in questions],
    )
    note = _(
        "Enquête anonyme à la sortie, notes de 1 (pas du tout d'accord) à 5 (tout à fait d'accord)."
    )
    return [Section("satisfaction", _("Satisfaction des stagiaires"), chart, table, note)]


def _staff_training(b: Breakdown) -> list[Section]:
    if "staff_training" not in b.report:
        return []
    return [staff_training_section.section(b.report["staff_training"])]


# The report's sections, in the order of the pages and documents.
SECTION_BUILDERS = (
    _people,
    _hours,
    _centres,
    _trainings,
    _profiles,
    _interruptions,
    _exits,
    _six_months,
    _satisfaction,
    _staff_training,
)


def sections(report: dict, breakdown: str = DEFAULT_BREAKDOWN, compare: dict | None = None):
    """The report as sections (chart + table), broken down by ``breakdown``."""
    b = Breakdown(report, breakdown, str(labels.DIMENSION_LABELS[breakdown]), compare)
    built = [section for build in SECTION_BUILDERS for section in build(b)]
    # No table printed twice (a builder's extra table may be the chosen breakdown's table).
    seen = set()
    for section in built:
        seen.add(section.table.caption)
        extra = [t for t in section.extra_tables if t.caption not in seen]
        seen.update(t.caption for t in extra)
        section.extra_tables[:] = extra
    return built


def _categorical_section(section_id, title, result, measure, b: Breakdown) -> Section:
    """Categories × the chosen breakdown. The longer of the two lists goes down the rows, so
    that a table never needs more columns than a page can hold (13 exit reasons across
    would be cut at 1,280 px)."""
    categories = result["categories"]
    by = result["by"][b.key]
    # The chart follows the chosen breakdown: one stacked bar per line of the table.
    chart = stacked_chart(
        _("%(title)s par %(dimension)s") % {"title": title, "dimension": lower_first(b.title)},
        [c["label"] for c in categories],
        [
            StackedRow(
                row["label"],
                [number(c, measure) for c in row["categories"]],
                shown(row, measure),
                [shown(c, measure) for c in row["categories"]],
            )
            for row in by
        ],
    )
    caption = _("%(title)s par %(dimension)s") % {"title": title, "dimension": lower_first(b.title)}
    if len(categories) > len(by):
        table = Table(caption, [_("Catégorie"), *(row["label"] for row in by), _("Total")])
        for index, category in enumerate(categories):
            table.rows.append(
                [
                    category["label"],
                    *(shown(row["categories"][index], measure) for row in by),
                    shown(category, measure),
                ]
            )
        table.total = [
            _("Total"),
            *(shown(row, measure) for row in by),
            shown(result["total"], measure),
        ]
        return Section(section_id, title, chart, table)
    table = Table(caption, [b.title, *(c["label"] for c in categories), _("Total")])
    for row in by:
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
