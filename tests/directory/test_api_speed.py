"""The fast paths of the directory API (docs/decisions/0311 and 0312): every answer computed in
one SQL statement (no copy kept between requests), per-IP throttle counted in Redis, JSON
whatever the client asks."""

import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.core.cache import cache
from rest_framework.throttling import ScopedRateThrottle

from tremplin.api.throttling import counter

pytestmark = pytest.mark.django_db

SEARCH = {"near": "5000", "radius_km": "100"}


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


@pytest.fixture
def redis_url():
    """A throwaway Redis server on loopback (skipped where redis-server is not installed)."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server n'est pas installé")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        for _ in range(100):
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield url
    finally:
        counter.cache_clear()
        process.terminate()
        process.wait(timeout=10)


def test_every_answer_is_computed_so_an_edit_shows_at_once(client, directory):
    first = client.get("/api/v1/centres/", SEARCH).json()
    assert first["results"][0]["name"] == "Les Ateliers de la Meuse (fictif)"
    centre = directory["namur"]
    centre.name = "Les Ateliers de Namur (fictif)"
    centre.save()
    directory["jambes"].trainings.update(is_active=False)
    again = client.get("/api/v1/centres/", SEARCH).json()
    assert again["results"][0]["name"] == "Les Ateliers de Namur (fictif)"
    jambes = next(c for c in again["results"] if c["id"] == str(directory["jambes"].pk))
    assert jambes["trainings"] == []


def test_a_search_is_the_place_lookup_and_one_statement(
    client, directory, django_assert_num_queries
):
    # Nothing is kept in the process between requests: the place is looked up every time.
    for _ in range(2):
        with django_assert_num_queries(2):  # postal code, then the page (count, rank, JSON)
            assert client.get("/api/v1/centres/", SEARCH).status_code == 200
        with django_assert_num_queries(2):
            assert client.get("/api/v1/info-sessions/", SEARCH).status_code == 200


def test_list_answers_json_whatever_the_client_accepts(client, directory):
    found = client.get("/api/v1/centres/", SEARCH, HTTP_ACCEPT="text/html")
    assert found.status_code == 200
    assert found["Content-Type"] == "application/json"
    unknown = client.get("/api/v1/centres/", {"near": "Atlantide"}, HTTP_ACCEPT="text/html")
    assert unknown.status_code == 400
    assert unknown["Content-Type"] == "application/json"
    assert "Atlantide" in unknown.json()["detail"]


def test_throttle_counts_each_address_in_redis(client, places, settings, redis_url, monkeypatch):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    }
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"public": "3/min"})
    codes = [client.get("/api/v1/centres/", SEARCH).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert 1 <= int(client.get("/api/v1/centres/", SEARCH)["Retry-After"]) <= 60
    other = client.get("/api/v1/centres/", SEARCH, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200
    keys = redis.Redis.from_url(redis_url).keys("*throttle_public_*")
    assert len(keys) == 2  # one counter per address, not a list of timestamps


def test_each_request_is_counted_in_redis_and_nothing_in_the_process(
    client, places, settings, redis_url, monkeypatch
):
    """Redis alone decides: every request is counted there at once, and a new window there
    admits the address again at once (no lease nor refusal remembered by the process)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    }
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"public": "3/min"})
    server = redis.Redis.from_url(redis_url)

    def counted():
        (key,) = server.keys("*throttle_public_*")
        return int(server.get(key))

    for expected in (1, 2, 3):
        assert client.get("/api/v1/centres/", SEARCH).status_code == 200
        assert counted() == expected
    assert client.get("/api/v1/centres/", SEARCH).status_code == 429
    server.flushdb()  # the window ends (as when its key expires)
    assert client.get("/api/v1/centres/", SEARCH).status_code == 200
    assert counted() == 1


def test_the_public_endpoints_share_one_counter_in_redis(
    client, places, settings, redis_url, monkeypatch
):
    """The postal-code and eligibility endpoints have the same scope as the directory: with
    Redis they read the same key, an integer counter, not DRF's list of timestamps (they
    answered 500 after a directory search from the same address)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    }
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"public": "3/min"})
    assert client.get("/api/v1/centres/", SEARCH).status_code == 200
    assert client.get("/api/v1/territory/postal-codes/5000/").status_code == 200
    answer = client.post("/api/v1/eligibility/", {}, content_type="application/json")
    assert answer.status_code == 200  # no answer yet: what is missing
    assert client.get("/api/v1/territory/postal-codes/5000/").status_code == 429
    (key,) = redis.Redis.from_url(redis_url).keys("*throttle_public_*")
    assert int(redis.Redis.from_url(redis_url).get(key)) == 4
