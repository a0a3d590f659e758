import pytest

from tests.stats.factories import build_dataset
from tremplin.stats.refresh import refresh


@pytest.fixture
def dataset(db):
    """The hand-built register (tests/stats/factories.py) with its facts built."""
    data = build_dataset()
    refresh()
    return data
