"""Per-IP throttle of the public API, counted in Redis by leases of requests.

DRF's ``ScopedRateThrottle`` keeps, per address, the list of the timestamps of its recent
requests: each request reads the whole list from the cache and writes it back (two round trips,
and a list as long as the rate allows). With Redis, ``PublicRateThrottle`` keeps one counter per
address and window instead. A server process does not count each request in Redis: it takes a
*lease* of a twentieth of the address's allowance (``120/min``: 6 requests) in one atomic step,
then admits those requests without any round trip. Leases are counted in Redis before they are
used, so an address never gets more than its allowance across all processes; at worst it gets
a few requests less (the unused part of other processes' leases). Once Redis says the allowance
is used up, the process refuses the address until the window ends, also without a round trip.
The window starts at the address's first request and lasts the rate's period. Other caches (the
PostgreSQL table of a small install, memory in tests) keep DRF's behaviour. See
docs/decisions/0311-directory-search-speed.md.
"""

import functools
import threading
import time

import redis
from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import ScopedRateThrottle

REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"
# Add a lease to the address's counter, start the window with the first one.
COUNT_SCRIPT = """
local count = redis.call('INCRBY', KEYS[1], ARGV[2])
if count == tonumber(ARGV[2]) then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('TTL', KEYS[1])}
"""
LEASE_SHARE = 20  # a lease is this fraction of the allowance (at least one request)
MAX_LEASES = 10_000  # addresses remembered by a process


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


class Lease:
    """Requests of one address that this process may still admit before ``ends_at``."""

    __slots__ = ("ends_at", "left", "used_up")

    def __init__(self, left: int, ends_at: float, used_up: bool):
        self.left, self.ends_at, self.used_up = left, ends_at, used_up


leases: dict[tuple[str, str], Lease] = {}
leases_lock = threading.Lock()


def take_lease(location: str, key: str, allowance: int, seconds: int) -> Lease:
    size = max(1, allowance // LEASE_SHARE)
    count, ttl = counter(location)(keys=[key], args=[seconds, size])
    granted = max(0, min(size, allowance - (count - size)))
    return Lease(granted, time.monotonic() + max(ttl, 1), used_up=count >= allowance)


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
        with leases_lock:
            lease = leases.get((location, key))
            if (
                lease is None
                or lease.ends_at <= time.monotonic()
                or not (lease.left or lease.used_up)
            ):
                if len(leases) >= MAX_LEASES:
                    leases.clear()
                lease = take_lease(location, key, self.num_requests, self.duration)
                leases[(location, key)] = lease
            self.seconds_left = lease.ends_at - time.monotonic()
            if lease.left:
                lease.left -= 1
                return True
            return False

    def wait(self):
        if self.seconds_left is None:
            return super().wait()
        return max(self.seconds_left, 1)
