"""Import of the federation's directory file: a dry run first, then an all-or-nothing upsert.

``analyse(workbook)`` compares the file with the database and returns a ``Report``: every
problem (« feuille, ligne, colonne : message »), and for each centre, site and training what
would be created, changed or left alone, the fields where the file and the centre disagree, and
the centres absent from the file (listed, never deleted). ``apply_file(files, user, file_name)``
analyses again and, only if there is no problem, writes everything in one transaction, inside a
pghistory context naming the user and the file, so every history row says it was imported.

Who owns what (docs/decisions/1001-directory-import.md):
- the federation's file owns a centre's identity and agreement (name, legal form, federation,
  methods, taken from its trainings), its sites (address, phone) and its trainings' sector,
  objective, method and site;
- the centre owns its contacts and presentation (e-mail, phone, website, description) and its
  trainings' texts (description, publics) and sessions: the file fills them only where the
  centre left them empty; where both differ the centre's value stays and the report shows it.
New trainings are created inactive (the centre completes duration, hours and places, then
opens them); new centres are published, validated by the importing analyst.
"""

from dataclasses import dataclass, field

import pghistory
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from tremplin.directory.import_plan import Item, key, plan_writes
from tremplin.directory.import_spec import CODED, SPECS, choice_keys
from tremplin.directory.models import Centre
from tremplin.imports.spreadsheet import (
    Line,
    Problem,
    Unreadable,
    Workbook,
    header_key,
    read_workbook,
)
from tremplin.territory.models import PostalCode

MAX_LENGTHS = {
    "agreement_number": 20,
    "name": 200,
    "site_name": 200,
    "title": 200,
    "street": 200,
    "phone": 30,
    "website": 200,
    "email": 254,
}


class ImportRefused(Exception):
    """The file has problems: nothing was written."""

    def __init__(self, report):
        super().__init__(_("Le fichier a des erreurs : rien n'a été enregistré."))
        self.report = report


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    # What to write, filled by analyse() for apply_file().
    plan: list = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, action: str) -> int:
        return sum(1 for item in self.items if item.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {action: self.count(action) for action in ("created", "changed", "unchanged")}

    def as_dict(self) -> dict:
        return {
            "problems": [problem.as_dict() for problem in self.problems],
            "items": [item.__dict__ for item in self.items],
            "absent": self.absent,
            "counts": self.counts,
        }


class Analysis:
    """Reads the lines of the three sheets, checks them and plans the writes."""

    def __init__(self, workbook: Workbook):
        self.report = Report(problems=list(workbook.problems))
        self.sheets = workbook.sheets
        self.choices = {name: choice_keys(choices) for name, choices in CODED.items()}
        self.labels = {
            spec.name: {column.code: column.label for column in spec.columns} for spec in SPECS
        }

    def problem(self, line: Line, code: str, message: str):
        if code in line.refused:  # already told while reading
            return
        label = self.labels[line.sheet].get(code, "")
        self.report.problems.append(Problem(line.sheet, line.number, label, message))

    def required(self, line: Line, *codes) -> bool:
        ok = True
        for code in codes:
            if not line.text(code):
                self.problem(line, code, _("cellule vide : cette valeur est obligatoire."))
                ok = False
        return ok

    def text(self, line: Line, code: str) -> str:
        value = " ".join(line.text(code).split()) if code != "description" else line.text(code)
        limit = MAX_LENGTHS.get(code)
        if limit and len(value) > limit:
            self.problem(line, code, _("trop long (%(max)s caractères au plus).") % {"max": limit})
        return value

    def coded(self, line: Line, code: str, several: bool = False):
        raw = line.text(code)
        values = [part.strip() for part in raw.replace(";", ",").split(",")] if several else [raw]
        codes = []
        for value in filter(None, values):
            found = self.choices[code].get(header_key(value))
            if found is None:
                self.problem(
                    line,
                    code,
                    _("« %(value)s » n'est pas une valeur connue (voir la feuille « Codes »).")
                    % {"value": value[:60]},
                )
            elif found not in codes:
                codes.append(found)
        return codes if several else (codes[0] if codes else "")

    # -- the three sheets -------------------------------------------------------------------

    def read_centres(self) -> dict:
        centres = {}
        for line in self.sheets["centres"]:
            self.required(line, "agreement_number", "name", "legal_form", "federation")
            number = self.text(line, "agreement_number")
            values = {
                "name": self.text(line, "name"),
                "legal_form": self.coded(line, "legal_form"),
                "federation": self.coded(line, "federation"),
                "email": self.text(line, "email"),
                "phone": self.text(line, "phone"),
                "website": self.text(line, "website"),
                "description": self.text(line, "description"),
            }
            self.check_contacts(line, values)
            if not number:
                continue
            if key(number) in centres:
                self.problem(
                    line,
                    "agreement_number",
                    _("numéro d'agrément en double (déjà à la ligne %(row)s).")
                    % {"row": centres[key(number)]["line"].number},
                )
                continue
            centres[key(number)] = {"number": number, "line": line, "values": values}
        return centres

    def check_contacts(self, line: Line, values: dict):
        if values["email"]:
            try:
                validate_email(values["email"])
            except ValidationError:
                self.problem(line, "email", _("adresse e-mail invalide."))
        if values["website"]:
            if "://" not in values["website"]:
                values["website"] = "https://" + values["website"]
            try:
                URLValidator(schemes=["http", "https"])(values["website"])
            except ValidationError:
                self.problem(line, "website", _("adresse de site internet invalide."))

    def read_sites(self, centres: dict) -> dict:
        lines = self.sheets["sites"]
        codes = {line.text("postal_code") for line in lines}
        postal_codes = {}
        for postal in PostalCode.objects.filter(code__in=codes).select_related("municipality"):
            postal_codes.setdefault(postal.code, []).append(postal)
        sites = {}
        for line in lines:
            self.required(line, "agreement_number", "site_name", "street", "postal_code")
            self.required(line, "municipality")
            number, name = self.text(line, "agreement_number"), self.text(line, "site_name")
            values = {
                "name": name,
                "street": self.text(line, "street"),
                "phone": self.text(line, "phone"),
                "postal_code": self.postal_code(line, postal_codes),
            }
            if not (number and name):
                continue
            if key(number) not in centres:
                self.problem(line, "agreement_number", self.absent_centre(number))
                continue
            site_key = (key(number), key(name))
            if site_key in sites:
                self.problem(
                    line,
                    "site_name",
                    _("site en double pour ce centre (déjà à la ligne %(row)s).")
                    % {"row": sites[site_key]["line"].number},
                )
                continue
            sites[site_key] = {"line": line, "values": values}
        return sites

    def absent_centre(self, number: str) -> str:
        return _("le centre « %(number)s » n'est pas dans la feuille « centres ».") % {
            "number": number
        }

    def postal_code(self, line: Line, postal_codes: dict):
        code, municipality = line.text("postal_code"), line.text("municipality")
        if not code:
            return None
        candidates = postal_codes.get(code)
        if not candidates:
            message = _("code postal « %(code)s » inconnu.") % {"code": code}
            self.problem(line, "postal_code", message)
            return None
        if not municipality:
            return candidates[0]
        wanted = key(municipality)
        for postal in candidates:
            if wanted in {key(postal.municipality.name_fr), key(postal.locality)}:
                return postal
        expected = sorted({p.locality or p.municipality.name_fr for p in candidates})
        self.problem(
            line,
            "municipality",
            _("« %(municipality)s » ne correspond pas au code postal %(code)s (%(expected)s).")
            % {
                "municipality": municipality[:60],
                "code": code,
                "expected": ", ".join(expected),
            },
        )
        return None

    def read_trainings(self, centres: dict, sites: dict, existing_sites: set) -> dict:
        trainings = {}
        for line in self.sheets["formations"]:
            self.required(line, "agreement_number", "site_name", "title")
            self.required(line, "sector", "objective", "method")
            number, site_name = self.text(line, "agreement_number"), self.text(line, "site_name")
            title = self.text(line, "title")
            values = {
                "name": title,
                "sector": self.coded(line, "sector"),
                "objective": self.coded(line, "objective"),
                "method": self.coded(line, "method"),
                "publics": self.coded(line, "public", several=True),
                "description": self.text(line, "description"),
            }
            if not (number and site_name and title):
                continue
            if key(number) not in centres:
                self.problem(line, "agreement_number", self.absent_centre(number))
                continue
            site_key = (key(number), key(site_name))
            if site_key not in sites and site_key not in existing_sites:
                self.problem(
                    line,
                    "site_name",
                    _("le site « %(site)s » n'est pas dans la feuille « sites » pour ce centre.")
                    % {"site": site_name[:60]},
                )
                continue
            training_key = (*site_key, key(title))
            if training_key in trainings:
                self.problem(
                    line,
                    "title",
                    _("formation en double sur ce site (déjà à la ligne %(row)s).")
                    % {"row": trainings[training_key]["line"].number},
                )
                continue
            trainings[training_key] = {"line": line, "values": values}
        return trainings


def analyse(workbook: Workbook) -> Report:
    analysis = Analysis(workbook)
    report = analysis.report
    centres = analysis.read_centres()
    existing = {
        key(centre.agrement_number): centre
        for centre in Centre.objects.filter(
            agrement_number__in=[c["number"] for c in centres.values()]
        ).prefetch_related("sites", "trainings__site")
    }
    existing_sites = {
        (number, key(site.name)): site
        for number, centre in existing.items()
        for site in centre.sites.all()
    }
    sites = analysis.read_sites(centres)
    trainings = analysis.read_trainings(centres, sites, set(existing_sites))
    methods = {}
    for (number, _site, _title), training in trainings.items():
        method = training["values"]["method"]
        if method:
            methods.setdefault(number, set()).add(method)
    for number, centre in centres.items():
        if number not in methods and number not in existing:
            analysis.problem(
                centre["line"],
                "agreement_number",
                _(
                    "nouveau centre sans formation dans la feuille « formations » : "
                    "sa méthode (DéFI ou EFT) est inconnue."
                ),
            )
    report.absent = [
        f"{number} — {name}"
        for number, name in Centre.objects.exclude(
            agrement_number__in=[c["number"] for c in centres.values()]
        )
        .order_by("agrement_number")
        .values_list("agrement_number", "name")
    ]
    if report.problems:
        return report
    plan_writes(report, centres, sites, trainings, methods, existing, existing_sites)
    return report


def analyse_files(files) -> Report:
    try:
        workbook = read_workbook(files, SPECS)
    except Unreadable as error:
        return Report(problems=[Problem(_("fichier"), None, "", error.message)])
    return analyse(workbook)


def apply_file(files, user, file_name: str, import_id=None) -> Report:
    """Analyse ``files`` again and write everything, or nothing when there is a problem."""
    with transaction.atomic():
        report = analyse_files(files)
        if not report.ok:
            raise ImportRefused(report)
        context = {"import_file": file_name, "import": "directory"}
        if user is not None:
            context["user"] = str(user.pk)
        if import_id is not None:
            context["import_id"] = str(import_id)
        with pghistory.context(**context):
            for write in report.plan:
                write(user)
    return report
