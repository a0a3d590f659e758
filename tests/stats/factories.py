"""A small hand-built register whose statistics are written out by hand in the tests.

Year 2024 (and a little of 2023). Two centres:
- A (ASBL, DéFI and EFT) in Namur: A1 literacy (formation de base, DéFI), A2 construction
  (formation à un métier, EFT);
- B (CPAS, EFT only) in Liège: B1 horeca (formation à un métier, EFT).

Nine people files; "X" is one human with a file in each centre (same NISS): P7 at B, P8 at A.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from tests.directory.factories import CentreFactory, SiteFactory, TrainingFactory, walloon_places
from tests.factories import UserFactory
from tremplin.audit.niss import check_number
from tremplin.directory.enums import LegalForm, Method, Objective, Sector
from tremplin.intake.models import Person
from tremplin.training.models import (
    AbsenceReason,
    AttendanceDay,
    Contract,
    Exit,
    FollowUp,
    SatisfactionResponse,
)

D = datetime.date

# A valid NISS for someone born on 7 July 1975 (serial 123, check digits mod 97).
NISS_X = "75070712330"


def _niss(birth: str, serial: str) -> str:
    return f"{birth}{serial}{check_number(birth + serial, born_in_2000s=False):02d}"


assert _niss("750707", "123") == NISS_X

# name, birth date, gender, certificate, Forem registration, income, nationality, centre, NISS
PEOPLE = {
    "P1": ("Zéphyrine Quatrebarbe", D(2000, 5, 20), "female", "CEB", D(2023, 1, 10),
           "integration_income", "belgian", "A", ""),
    "P2": ("Anatole Brindejonc", D(1980, 3, 1), "male", "none", None,
           "unemployment_benefit", "non_eu", "A", ""),
    "P3": ("Hortense Vlaminckx", D(1960, 8, 8), "female", "CEB", None,
           "none", "belgian", "A", ""),
    "P4": ("Léocadie Piedbœuf", D(1990, 6, 15), "female", "CE2D", D(2024, 1, 1),
           "none", "eu", "A", ""),
    "P5": ("Barnabé Crohain", D(1965, 1, 1), "male", "CESS", D(2020, 1, 1),
           "unemployment_benefit", "belgian", "A", ""),
    "P6": ("Séraphin Tournedos", D(2005, 12, 31), "", "", None, "", "", "A", ""),
    "P7": ("Ermengarde Scholtès", D(1975, 7, 7), "female", "CE1D", D(2022, 6, 1),
           "integration_income", "non_eu", "B", NISS_X),
    "P8": ("Ermengarde Scholtès", D(1975, 7, 7), "female", "CE1D", D(2022, 6, 1),
           "integration_income", "non_eu", "A", NISS_X),
    "P9": ("Théodule Wauthelet", D(1999, 2, 2), "male", "CEB", D(2024, 4, 1),
           "unemployment_benefit", "belgian", "B", ""),
}  # fmt: skip

# contract: person, training, start, end (actual, or planned when running), exit reason,
# 6-month situation ("" = follow-up sent but not answered, None = no follow-up)
CONTRACTS = {
    "c1": ("P1", "A1", D(2024, 1, 15), D(2024, 6, 30), "job", "job"),
    "c2": ("P1", "A2", D(2024, 9, 2), D(2025, 3, 31), None, None),
    "c3": ("P2", "A1", D(2023, 10, 1), D(2024, 2, 15), "drop_out", None),
    "c4": ("P3", "A1", D(2023, 3, 1), D(2023, 12, 20), "completed", None),
    "c5": ("P4", "A2", D(2024, 3, 1), D(2024, 5, 10), "health", "job_seeker"),
    "c6": ("P5", "A2", D(2024, 2, 1), D(2024, 11, 29), "forem_training", "training"),
    "c7": ("P6", "A1", D(2024, 12, 30), D(2025, 6, 30), None, None),
    "c8": ("P7", "B1", D(2024, 1, 8), D(2024, 3, 29), "other_cisp", ""),
    "c9": ("P8", "A2", D(2024, 4, 1), D(2024, 12, 20), "completed", "other"),
    "c10": ("P9", "B1", D(2024, 5, 6), D(2025, 1, 31), None, None),
}

# contract, day, hours followed, hours assimilées
ATTENDANCE = [
    ("c1", D(2024, 1, 15), "6", "0"),
    ("c1", D(2024, 2, 5), "5.5", "1.5"),
    ("c3", D(2023, 12, 4), "7", "0"),
    ("c3", D(2024, 1, 8), "4", "3"),
    ("c6", D(2024, 2, 1), "6.25", "0"),
    ("c8", D(2024, 1, 8), "7", "0"),
    ("c8", D(2024, 3, 4), "3", "2"),
    ("c9", D(2024, 4, 2), "8", "0"),
]

# training, month, scores (welcome, content, support, future)
SATISFACTION = [
    ("A1", D(2024, 3, 1), (5, 4, 5, 4)),
    ("A1", D(2024, 7, 1), (3, 3, 4, 2)),
    ("B1", D(2024, 4, 1), (4, 4, 4, 4)),
    ("A1", D(2023, 11, 1), (1, 1, 1, 1)),
]


@dataclass
class Dataset:
    centres: dict = field(default_factory=dict)
    trainings: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)
    contracts: dict = field(default_factory=dict)

    def personal_strings(self) -> list[str]:
        """Everything that must never appear in a statistic: names, NISS, e-mails, phones and
        exact birth dates, in the formats a page could show them."""
        strings = []
        for person in self.people.values():
            strings += [person.first_name, person.last_name, person.email, person.phone]
            strings += [person.birth_date.isoformat(), person.birth_date.strftime("%d/%m/%Y")]
            if person.niss:
                strings.append(person.niss)
        return [s for s in strings if s]


def build_dataset() -> Dataset:
    places = walloon_places()
    data = Dataset()
    a = CentreFactory(
        name="Centre A (fictif)", legal_form=LegalForm.ASBL, methods=[Method.DEFI, Method.EFT]
    )
    b = CentreFactory(name="Centre B (fictif)", legal_form=LegalForm.CPAS, methods=[Method.EFT])
    data.centres = {"A": a, "B": b}
    site_a = SiteFactory(centre=a, postal_code=places["5000"])
    site_b = SiteFactory(centre=b, postal_code=places["4000"])
    data.trainings = {
        "A1": TrainingFactory(
            centre=a,
            site=site_a,
            objective=Objective.FORMATION_BASE,
            method=Method.DEFI,
            sector=Sector.LITERACY,
        ),
        "A2": TrainingFactory(
            centre=a,
            site=site_a,
            objective=Objective.FORMATION_PROFESSIONNALISANTE,
            method=Method.EFT,
            sector=Sector.CONSTRUCTION,
        ),
        "B1": TrainingFactory(
            centre=b,
            site=site_b,
            objective=Objective.FORMATION_PROFESSIONNALISANTE,
            method=Method.EFT,
            sector=Sector.HORECA,
        ),
    }
    for key, (
        name,
        birth,
        gender,
        cert,
        forem,
        income,
        nationality,
        centre,
        niss,
    ) in PEOPLE.items():
        first, last = name.split(" ", 1)
        number = int(key[1:])
        data.people[key] = Person.objects.create(
            holding_centre=data.centres[centre],
            first_name=first,
            last_name=last,
            birth_date=birth,
            niss=niss,
            email=f"{first.lower()}.{number}@courriel.exemple.test",
            phone=f"0470 55 66 {number:02d}",
            postal_code="5000",
            gender=gender,
            highest_certificate=cert,
            forem_registration_date=forem,
            income_at_entry=income,
            nationality_group=nationality,
        )
    staff = UserFactory()
    for key, (person, training, start, end, reason, situation) in CONTRACTS.items():
        training = data.trainings[training]
        ended = reason is not None
        contract = Contract.objects.create(
            person=data.people[person],
            training=training,
            centre=training.centre,
            start_date=start,
            planned_end_date=end,
            actual_end_date=end if ended else None,
            status=Contract.Status.ENDED if ended else Contract.Status.ACTIVE,
            hours_per_week=Decimal("30"),
        )
        data.contracts[key] = contract
        if not ended:
            continue
        exit_ = Exit.objects.create(
            contract=contract,
            date=end,
            reason=reason,
            job_contract_type="cdd" if reason == "job" else "",
            created_by=staff,
        )
        if situation is not None:
            answered = timezone.now() if situation else None
            FollowUp.objects.create(
                exit=exit_,
                due_on=end + datetime.timedelta(days=182),
                answered_at=answered,
                answered_via="link" if situation else "",
                situation=situation,
            )
    reason = AbsenceReason.objects.get_or_create(code="medical", defaults={"label": "Médical"})[0]
    for contract, day, followed, assimilated in ATTENDANCE:
        AttendanceDay.objects.create(
            contract=data.contracts[contract],
            day=day,
            hours_followed=Decimal(followed),
            hours_assimilated=Decimal(assimilated),
            reason=reason if Decimal(assimilated) else None,
        )
    for training, month, scores in SATISFACTION:
        training = data.trainings[training]
        SatisfactionResponse.objects.create(
            centre=training.centre,
            training=training,
            month=month,
            channel="link",
            score_welcome=scores[0],
            score_content=scores[1],
            score_support=scores[2],
            score_future=scores[3],
            open_answer="",
        )
    return data
