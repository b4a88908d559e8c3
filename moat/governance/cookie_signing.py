"""The key that signs login cookies: the install's own random key, or a configured one that is not a published
default and, in production mode, long and unpredictable enough."""

from __future__ import annotations

from pathlib import Path

from moat.config import Config
from moat.governance.user_store import UserError, path_of

# The key earlier versions shipped in the source for demo mode: public, so refused in every mode (never used to sign).
DEMO_COOKIE_KEY = "moat-demo-only-cookie-key-not-for-production"
_WEAK_KEYS = {"", "some_key", "changeme", "change-me", "secret", DEMO_COOKIE_KEY}
MIN_COOKIE_KEY_LENGTH = 32
MIN_COOKIE_KEY_BITS = 96  # estimated from the key's own character frequencies (32 identical characters: 0)


def cookie_key_path(cfg: Config) -> Path:
    """The install's own cookie key: ``cookie.key`` beside the users file (owner-only, created on first start)."""
    return path_of(cfg).with_name("cookie.key")


def key_bits(key: str) -> float:
    """Entropy estimate of ``key`` in bits: its length times the Shannon entropy of its character frequencies."""
    import math
    from collections import Counter

    if not key:
        return 0.0
    counts = Counter(key)
    per_char = -sum(n / len(key) * math.log2(n / len(key)) for n in counts.values())
    return per_char * len(key)


def check_auth_config(cfg: Config) -> str:
    """The cookie signing key to use.

    No key in the source: without a configured ``cookie_key`` every install generates its own random key on first
    start (``cookie_key_path``, owner-only). A configured key that earlier versions shipped is refused in every
    mode; production mode also refuses a short or low-entropy one (e.g. 32 identical characters).
    """
    key = str(cfg.cookie_key or "")
    hint = (f"leave cookie_key empty (each install then generates its own), or set MOAT_COOKIE_KEY / cookie_key to "
            f"{MIN_COOKIE_KEY_LENGTH}+ random characters, e.g. `python -c \"import secrets; print(secrets.token_urlsafe(32))\"`")
    if key and key in _WEAK_KEYS:
        raise UserError("the configured cookie_key is a published default (anyone could sign login cookies); refusing to start", hint)
    if key and cfg.mode == "production" and (len(key) < MIN_COOKIE_KEY_LENGTH or key_bits(key) < MIN_COOKIE_KEY_BITS):
        raise UserError("production mode needs a secret cookie_key: the configured one is too short or too predictable; "
                        "refusing to start", hint)
    if key:
        return key
    from moat.fileperms import ensure_secret

    return ensure_secret(cookie_key_path(cfg))
