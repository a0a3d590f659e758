import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _french_by_default(settings):
    """Each test starts in French, whatever language an earlier request left active in this
    thread (LocaleMiddleware activates the request's language and leaves it active)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache_for_each_test(settings):
    """Each test starts with an empty cache of its own, in memory, as it does with the database
    cache (rolled back after each test). With REDIS_URL the cache outlived the test: the
    booking limit per address counted 127.0.0.1's bookings of the earlier tests and runs of
    the hour, and booking tests got 429. A test about Redis sets its own CACHES."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


@pytest.fixture(autouse=True, scope="session")
def _private_files(tmp_path_factory):
    """Uploaded imports go to a temporary folder, never to the checkout's var/private."""
    from django.conf import settings

    settings.PRIVATE_FILES_ROOT = tmp_path_factory.mktemp("private")


@pytest.fixture(
    params=["django.tasks.backends.immediate.ImmediateBackend", "django_tasks_db.DatabaseBackend"],
    ids=["immediate", "database"],
)
def run_queued_tasks(request, settings):
    """Each task backend in turn: immediate (development, tests: a task runs when enqueued)
    and database (production: a worker runs it). Give the function that runs what is queued,
    as the project's worker does (nothing to do with the immediate backend)."""
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": request.param}}

    def run():
        if request.param.startswith("django_tasks_db"):
            call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    run.writes_in_transaction = request.param.startswith("django_tasks_db")
    return run
