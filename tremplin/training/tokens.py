"""Secret links without login: the raw token goes in the link, only its SHA-256 is stored."""

import hashlib
import secrets


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh ``(raw token, stored hash)`` pair."""
    raw = secrets.token_urlsafe(32)
    return raw, hash_token(raw)
