"""The territory tests run on the real data: the real loader fills the test database once for
this package (about 5 s), and empties it afterwards so other packages start from a clean table."""

import pytest
from django.core.management import call_command

from tremplin.territory.models import (
    Arrondissement,
    IbefeArea,
    Municipality,
    PostalCode,
    Province,
    Region,
)


@pytest.fixture(scope="package")
def territory_output(django_db_setup, django_db_blocker):
    """Run ``load_territory`` once; give its printed output."""
    from io import StringIO

    out = StringIO()
    with django_db_blocker.unblock():
        call_command("load_territory", stdout=out, stderr=out)
    yield out.getvalue()
    with django_db_blocker.unblock():
        for model in (PostalCode, Municipality, Arrondissement, IbefeArea, Province, Region):
            model.objects.all().delete()


@pytest.fixture
def territory(territory_output, db):
    """The loaded territory, inside the test's transaction."""
    return territory_output
