"""Fictitious home addresses for the demo's people (decision 0004): a street whose name says it
is made up, a number, and a postal code of the territory near the site of their training, so
the person file and the contract's « domicile » read as in a real centre."""

import heapq
import math

from tremplin.territory.models import PostalCode

STREETS = (
    "Rue de l'Exemple", "Rue des Fictifs", "Avenue de la Démo", "Chaussée de l'Essai",
    "Place du Modèle", "Allée du Brouillon", "Rue de la Maquette", "Clos de l'Échantillon",
    "Impasse du Prototype", "Rue du Faux-Semblant", "Sentier de la Simulation",
    "Quai de l'Illustration",
)  # fmt: skip
NEARBY = 8  # a person lives in one of the postal codes nearest to the site


class Addresses:
    """Draws addresses from the world's seed; reads the territory once (one query), then
    keeps the postal codes near each site."""

    def __init__(self, rng):
        self.rng = rng
        self._codes = None
        self._near = {}

    def _territory(self) -> list[dict]:
        if self._codes is None:
            self._codes = list(
                PostalCode.objects.order_by("code", "pk").values(
                    "pk",
                    "code",
                    "municipality_id",
                    "municipality__region_id",
                    "latitude",
                    "longitude",
                )  # fmt: skip
            )
        return self._codes

    def near(self, site) -> list[dict]:
        """The ``NEARBY`` postal codes of the site's region nearest to it."""
        if site.pk not in self._near:
            codes = self._territory()
            region = next(
                c["municipality__region_id"] for c in codes if c["pk"] == site.postal_code_id
            )
            scale = math.cos(math.radians(site.latitude))

            def distance(code):
                return math.hypot(
                    code["latitude"] - site.latitude,
                    (code["longitude"] - site.longitude) * scale,
                )

            same_region = (c for c in codes if c["municipality__region_id"] == region)
            self._near[site.pk] = heapq.nsmallest(NEARBY, same_region, key=distance)
        return self._near[site.pk]

    def draw(self, site) -> dict:
        """``street``, ``postal_code`` and ``municipality_id`` of a fictitious home near
        ``site``."""
        place = self.rng.choice(self.near(site))
        number = str(self.rng.randint(1, 180))
        if self.rng.random() < 0.15:
            number += f"/{self.rng.randint(1, 12)}"  # a flat: « 12/3 »
        return {
            "street": f"{self.rng.choice(STREETS)} {number}",
            "postal_code": place["code"],
            "municipality_id": place["municipality_id"],
        }


def addresses_of(world) -> Addresses:
    """The world's addresses, shared by its builders (the territory is read once)."""
    if "addresses" not in world.objects:
        world.objects["addresses"] = Addresses(world.rng)
    return world.objects["addresses"]
