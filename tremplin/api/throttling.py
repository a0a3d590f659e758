"""Per-IP throttle of the public API, counted in Redis: one atomic step per request.

DRF's ``ScopedRateThrottle`` keeps, per address, the list of the timestamps of its recent
requests: each request reads the whole list from the cache and writes it back (two round trips,
and a list as long as the rate allows). With Redis, ``PublicRateThrottle`` keeps one counter per
address and window instead, counted by one script (``INCR``, ``EXPIRE`` on the first request,
``TTL`` for ``Retry-After``): one round trip, and nothing kept in the server process between
requests (the leases of requests a process took in advance, decision 0311, were dropped:
docs/decisions/0318). The window starts at the address's first request and lasts the rate's
period. Other caches (the PostgreSQL table of a small install, memory in tests) keep DRF's
behaviour.
"""

import functools

import redis
from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import ScopedRateThrottle

REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"
# Count a request of the address, start the window with the first one.
COUNT_SCRIPT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('TTL', KEYS[1])}
"""


def redis_location() -> str | None:
    """The Redis server of the default cache, or ``None`` when the cache is not Redis."""
    config = settings.CACHES["default"]
    if config["BACKEND"] != REDIS_CACHE:
        return None
    location = config["LOCATION"]
    servers = location.split(",") if isinstance(location, str) else location
    return servers[0]  # Django's RedisCache writes to the first server


@functools.lru_cache(maxsize=4)
def counter(location: str):
    """The counting script, on a client (and connection pool) kept for the process."""
    return redis.Redis.from_url(location).register_script(COUNT_SCRIPT)


class PublicRateThrottle(ScopedRateThrottle):
    """``ScopedRateThrottle`` (``throttle_scope`` of the view, per IP), counted in Redis."""

    seconds_left: float | None = None

    def allow_request(self, request, view):
        location = redis_location()
        if location is None:
            return super().allow_request(request, view)
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        key = self.get_cache_key(request, view) if self.rate else None
        if key is None:
            return True
        key = caches["default"].make_and_validate_key(key)
        count, ttl = counter(location)(keys=[key], args=[self.duration])
        self.seconds_left = max(ttl, 1)
        return count <= self.num_requests

    def wait(self):
        if self.seconds_left is None:
            return super().wait()
        return max(self.seconds_left, 1)
