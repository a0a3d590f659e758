import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _memory_cache(settings):
    """The API throttle counts requests in the cache: keep it in memory, empty for each test."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
