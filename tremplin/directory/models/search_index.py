"""The search index of the directory: what a search reads, kept up to date by PostgreSQL.

A search never asked before must be computed fast (issue 12): reading the centres, their sites
with their postal codes and municipalities, and their trainings at every request cost most of
the search. These two tables hold the same facts, already joined, for the published centres:

- ``SearchEntry``: one row per active training, where it runs (the site's coordinates, its
  province and IBEFE area) with the training's filters and its JSON; a published centre
  without an active training has one row per site instead (``training`` empty), so that it
  is still found and measured from its sites.
- ``SearchCard``: the JSON of a centre's fixed part in a result (id, name, methods, sites).
- ``SearchPlace``: each site of a published centre with its full address and its point, for
  the information sessions shown with the results (their place, address and distance).

Python never writes them. Triggers on the centres, sites and trainings rebuild a centre's rows
in the same transaction as the edit, whatever makes it (a form, the admin, an import,
``QuerySet.update``), so a search never reads a stale row
(docs/decisions/0314-directory-search-index.md; migration 0004).
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchCard(models.Model):
    centre = models.OneToOneField(
        "directory.Centre",
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    card = models.TextField()

    class Meta:
        db_table = "directory_searchcard"

    def __str__(self):
        return f"card of {self.centre_id}"


class SearchPlace(models.Model):
    site = models.OneToOneField(
        "directory.Site",
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    centre = models.ForeignKey(
        "directory.Centre", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    name = models.CharField(max_length=200)
    full_address = models.TextField()
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        db_table = "directory_searchplace"

    def __str__(self):
        return self.full_address


class SearchEntry(models.Model):
    centre = models.ForeignKey(
        "directory.Centre", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    site = models.ForeignKey(
        "directory.Site", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    training = models.ForeignKey(
        "directory.Training",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    latitude = models.FloatField()
    longitude = models.FloatField()
    province = models.CharField(max_length=5, null=True)
    ibefe = models.CharField(max_length=40, null=True)
    # The training's filters and JSON; empty on the row of a site without active training.
    sector = models.CharField(max_length=30, null=True)
    objective = models.CharField(max_length=40, null=True)
    method = models.CharField(max_length=4, null=True)
    publics = ArrayField(models.CharField(max_length=20), null=True)
    language_support = ArrayField(models.CharField(max_length=5), null=True)
    search_vector = SearchVectorField(null=True)
    training_name = models.CharField(max_length=200, null=True)
    training_json = models.TextField(null=True)

    class Meta:
        db_table = "directory_searchentry"
        constraints = [
            models.UniqueConstraint(
                fields=["training"],
                condition=models.Q(training__isnull=False),
                name="searchentry_one_per_training",
            ),
            models.UniqueConstraint(
                fields=["site"],
                condition=models.Q(training__isnull=True),
                name="searchentry_one_per_untrained_site",
            ),
        ]

    def __str__(self):
        return f"{self.centre_id} at {self.site_id}: {self.training_name or '-'}"
