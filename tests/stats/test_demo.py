import io

from tremplin.demo import DEMO_MODULES, DemoWorld
from tremplin.stats.demo import build
from tremplin.stats.models import ContractFact


def test_demo_world_ends_with_the_statistics():
    assert DEMO_MODULES[-1] == "tremplin.stats.demo"


def test_demo_step_builds_the_anonymised_facts_of_the_register(dataset):
    ContractFact.objects.all().delete()
    out = io.StringIO()
    build(DemoWorld(seed=1, scale="demo", stdout=out))
    assert ContractFact.objects.exists()
    assert "Statistiques anonymisées" in out.getvalue()
