"""A small fixed-window limit per client address for public forms (bookings…), kept in the
shared cache so it holds across processes and machines."""

import time

from django.core.cache import cache

from tremplin.audit.access import client_ip
from tremplin.audit.crypto import keyed_digest


def over_limit(request, scope: str, limit: int, period_seconds: int) -> bool:
    """Count this request against ``limit`` per ``period_seconds`` for the client's address and
    say whether the limit is now exceeded. The address is stored only as a keyed hash."""
    window = int(time.time() // period_seconds)
    address = keyed_digest(client_ip(request) or "unknown", "ratelimit")
    key = f"ratelimit:{scope}:{address}:{window}"
    if cache.add(key, 1, timeout=period_seconds):
        return limit < 1
    try:
        return cache.incr(key) > limit
    except ValueError:  # the key expired between add and incr
        cache.add(key, 1, timeout=period_seconds)
        return limit < 1
