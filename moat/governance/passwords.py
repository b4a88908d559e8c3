"""Account passwords: bcrypt hashes (cost ``BCRYPT_ROUNDS``) and the minimum length of a real account's password."""

from __future__ import annotations

import bcrypt

from moat.governance.user_store import UserError, UserRecord

BCRYPT_ROUNDS = 12
MIN_PASSWORD_LENGTH = 8


def hash_password(password: str, rounds: int | None = None, *, check_length: bool = True) -> str:
    """bcrypt with ``BCRYPT_ROUNDS`` (read at call time, so tests may lower it) unless ``rounds`` is given."""
    if check_length and len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"password too short ({len(password)} characters)", f"use at least {MIN_PASSWORD_LENGTH} characters")
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds or BCRYPT_ROUNDS)).decode("ascii")


def check_password(record: UserRecord, password: str) -> bool:
    """Whether ``password`` matches the account's stored hash (False for a missing or malformed hash)."""
    try:
        return bcrypt.checkpw(password.encode("utf-8"), record.password_hash.encode("ascii"))
    except ValueError:
        return False
