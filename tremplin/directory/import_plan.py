"""What applying a checked directory file does: one ``Item`` per centre, site and training of
the file (created, changed or unchanged, with the fields that change and the fields where the
file and the centre disagree) and the writes, run in order by ``importing.apply_file``.

Ownership is explained in ``importing``'s docstring and decision record 1001.
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tremplin.accounts.models import Organisation
from tremplin.directory.models import Centre, Site, Training
from tremplin.territory.lookup import normalise

CENTRE_FEDERATION_FIELDS = ("name", "legal_form", "federation", "methods")
CENTRE_OWNED_FIELDS = ("email", "phone", "website", "description")
SITE_FIELDS = ("name", "street", "postal_code", "phone")
TRAINING_FEDERATION_FIELDS = ("name", "sector", "objective", "method")
TRAINING_OWNED_FIELDS = ("description", "publics")
# Placeholders of a training created by the import: it stays inactive until the centre
# gives its real duration, hours and places.
NEW_TRAINING_DEFAULTS = {"duration_weeks": 1, "hours_per_week": 1, "places": 1, "is_active": False}


def key(text: str) -> str:
    return normalise(text)


@dataclass
class Item:
    """One centre, site or training of the file and what applying would do to it."""

    kind: str  # centre | site | training
    label: str
    action: str  # created | changed | unchanged
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # field, before, after
    disagreements: list[tuple[str, str, str]] = field(default_factory=list)  # field, centre, file
    notes: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)  # names of the fields that change


def shown(value) -> str:
    if isinstance(value, list):
        return ", ".join(value)
    if hasattr(value, "code") and hasattr(value, "municipality_id"):
        return value.code
    return str(value or "")


def label(obj, name: str) -> str:
    return str(type(obj)._meta.get_field(name).verbose_name)


def compare(obj, values: dict, federation_fields, owned_fields):
    """Set ``values`` on ``obj`` as the ownership says; return (changes, disagreements)."""
    changes, disagreements, fields = [], [], []
    for name in federation_fields:
        before, after = getattr(obj, name), values[name]
        if isinstance(before, list):
            before = sorted(before)
            after = sorted(after)
        if before != after:
            changes.append((label(obj, name), shown(before), shown(after)))
            fields.append(name)
            setattr(obj, name, after)
    for name in owned_fields:
        current, proposed = getattr(obj, name), values[name]
        if not proposed or current == proposed:
            continue
        if current:
            disagreements.append((label(obj, name), shown(current), shown(proposed)))
        else:
            changes.append((label(obj, name), "", shown(proposed)))
            fields.append(name)
            setattr(obj, name, proposed)
    return changes, disagreements, fields


def item_for(kind, label, obj, values, federation_fields, owned_fields):
    if obj is None:
        return Item(kind, label, "created")
    changes, disagreements, fields = compare(obj, values, federation_fields, owned_fields)
    action = "changed" if changes else "unchanged"
    return Item(kind, label, action, changes, disagreements, fields=fields)


def unique_slug(name: str) -> str:
    base = slugify(name)[:200] or "centre"
    slug, n = base, 1
    while Centre.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class Writes:
    """The writes of one import, in order; objects created on the way are kept by key."""

    def __init__(self):
        self.steps = []
        self.centres, self.sites = {}, {}

    def __iter__(self):
        return iter(self.steps)

    def centre(self, number, obj, values, item):
        def write(user):
            now = timezone.now()
            if obj is None:
                organisation = Organisation.objects.create(
                    name=values["name"], kind=Organisation.Kind.CENTRE, email=values["email"]
                )
                self.centres[number] = Centre.objects.create(
                    organisation=organisation,
                    slug=unique_slug(values["name"]),
                    status=Centre.Status.PUBLISHED,
                    validated_by=user,
                    validated_at=now,
                    updated_at=now,
                    **values,
                )
                return
            self.centres[number] = obj
            if item.action == "changed":
                obj.updated_at = now
                obj.save()

        self.steps.append(write)

    def site(self, site_key, obj, values, item):
        def write(user):
            if obj is None:
                self.sites[site_key] = Site.objects.create(
                    centre=self.centres[site_key[0]], **values
                )
                return
            self.sites[site_key] = obj
            if item.action == "changed":
                if "postal_code" in item.fields:
                    obj.latitude = obj.longitude = None  # the new postal code's point
                obj.save()

        self.steps.append(write)

    def existing_site(self, site_key, obj):
        self.steps.append(lambda user: self.sites.__setitem__(site_key, obj))

    def training(self, training_key, obj, values, item):
        def write(user):
            site = self.sites[training_key[:2]]
            if obj is None:
                Training.objects.create(
                    centre=site.centre, **{**values, "site": site}, **NEW_TRAINING_DEFAULTS
                )
            elif item.action == "changed":
                obj.save()

        self.steps.append(write)


def plan_writes(report, centres, sites, trainings, methods, existing, existing_sites):
    writes = Writes()
    for number, centre in centres.items():
        values = {**centre["values"]}
        obj = existing.get(number)
        values["methods"] = sorted(methods.get(number) or (obj.methods if obj else []))
        if obj is None:
            values["agrement_number"] = centre["number"]
        item = item_for(
            "centre",
            f"{centre['number']} — {values['name']}",
            obj,
            values,
            CENTRE_FEDERATION_FIELDS,
            CENTRE_OWNED_FIELDS,
        )
        report.items.append(item)
        writes.centre(number, obj, values, item)
    for (number, name), entry in existing_sites.items():
        if (number, name) not in sites:
            writes.existing_site((number, name), entry)
    for site_key, site in sites.items():
        values = site["values"]
        obj = existing_sites.get(site_key)
        label = f"{centres[site_key[0]]['number']} — {values['name']}"
        item = item_for("site", label, obj, values, SITE_FIELDS, ())
        report.items.append(item)
        writes.site(site_key, obj, values, item)
    existing_trainings = {
        (number, key(training.site.name), key(training.name)): training
        for number, centre in existing.items()
        for training in centre.trainings.all()
    }
    for training_key, training in trainings.items():
        values = training["values"]
        obj = existing_trainings.get(training_key)
        label = f"{centres[training_key[0]]['number']} — {values['name']}"
        item = item_for(
            "training",
            label,
            obj,
            values,
            TRAINING_FEDERATION_FIELDS,
            TRAINING_OWNED_FIELDS,
        )
        if obj is None:
            item.notes.append(
                _(
                    "Nouvelle formation créée inactive : le centre complète la durée, les heures "
                    "et les places, puis l'ouvre."
                )
            )
        report.items.append(item)
        writes.training(training_key, obj, values, item)
    report.plan = writes.steps
