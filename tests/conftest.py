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


@pytest.fixture(autouse=True, scope="session")
def _private_files(tmp_path_factory):
    """Uploaded imports go to a temporary folder, never to the checkout's var/private."""
    from django.conf import settings

    settings.PRIVATE_FILES_ROOT = tmp_path_factory.mktemp("private")
