"""The public directory: centres, their sites, their filières (trainings) and information sessions.

A centre is published once the federation has validated it. Changes to its agrément data
(name, agrément number, legal form, methods) wait in an ``AgrementChange`` until the federation
accepts them; meanwhile the public keeps seeing the validated data.
"""

from tremplin.directory.models.centres import (
    AGREMENT_FIELDS,
    STALE_AFTER,
    AgrementChange,
    Centre,
    CentreQuerySet,
    Site,
)
from tremplin.directory.models.search_index import SearchCard, SearchEntry, SearchPlace
from tremplin.directory.models.trainings import (
    SECTOR_KEYWORDS,
    InfoSession,
    InfoSessionQuerySet,
    Training,
    TrainingQuerySet,
)

__all__ = [
    "AGREMENT_FIELDS",
    "AgrementChange",
    "Centre",
    "CentreQuerySet",
    "InfoSession",
    "InfoSessionQuerySet",
    "SECTOR_KEYWORDS",
    "STALE_AFTER",
    "SearchCard",
    "SearchEntry",
    "SearchPlace",
    "Site",
    "Training",
    "TrainingQuerySet",
]
