"""Training follow-up: groups, contracts, attendance, social follow-up, exits, follow-ups and
the satisfaction survey. One module per topic; everything is importable from here."""

from tremplin.training.models.attendance import AbsenceReason, AttendanceDay, AttendanceWeek
from tremplin.training.models.contract_template import ContractTemplate
from tremplin.training.models.contracts import Contract, ContractSuspension, Group
from tremplin.training.models.exits import (
    INTERRUPTIONS,
    POSITIVE_EXITS,
    Exit,
    ExitReason,
    FollowUp,
    JobContractType,
    Situation,
    TrainingProvider,
)
from tremplin.training.models.extensions import ContractExtension
from tremplin.training.models.imports import CentreImport, CentreImportFile, CentreImportMapping
from tremplin.training.models.overrides import ContractLimitOverride
from tremplin.training.models.schedule import WEEKDAY_FIELDS, WeeklySchedule, format_hours
from tremplin.training.models.social import Barrier, SocialAction, SocialFollowUp, SocialNote
from tremplin.training.models.surveys import (
    SCORE_QUESTIONS,
    SatisfactionResponse,
    SurveyInvitation,
)

__all__ = [
    "INTERRUPTIONS",
    "POSITIVE_EXITS",
    "SCORE_QUESTIONS",
    "WEEKDAY_FIELDS",
    "AbsenceReason",
    "AttendanceDay",
    "AttendanceWeek",
    "Barrier",
    "CentreImport",
    "CentreImportFile",
    "CentreImportMapping",
    "Contract",
    "ContractExtension",
    "ContractLimitOverride",
    "ContractSuspension",
    "ContractTemplate",
    "Exit",
    "ExitReason",
    "FollowUp",
    "Group",
    "JobContractType",
    "SatisfactionResponse",
    "Situation",
    "SocialAction",
    "SocialFollowUp",
    "SocialNote",
    "SurveyInvitation",
    "TrainingProvider",
    "WeeklySchedule",
    "format_hours",
]
