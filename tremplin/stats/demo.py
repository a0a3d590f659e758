"""Demo world, last step: build the anonymised statistics from the generated register, so the
dashboards and the public key figures (page and files) show the demo world at once."""

from tremplin.stats.published import publish_key_figures
from tremplin.stats.refresh import refresh


def build(world) -> None:
    result = refresh()
    world.log(
        f"Statistiques anonymisées : {result.contract_facts} contrats, "
        f"{result.hours_facts} lignes d'heures."
    )
    world.log(f"Chiffres clés publics : {publish_key_figures()} fichiers préparés.")
