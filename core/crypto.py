"""Secrets at rest: Fernet tokens under a key derived from SECRET_KEY, and masking for display.

The key is derived with HKDF (SHA-256) so the raw SECRET_KEY is never used as a cipher key and
other purposes can derive their own independent keys from the same secret (`purpose`). Rotating
SECRET_KEY makes stored secrets unreadable: `decrypt_text` then raises `SecretUnreadable`, and
callers treat the value as unset (and say so) rather than crash.
"""

from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

MASK = "\u2022\u2022\u2022\u2022"
# Below this length, showing the last four characters would give away too much of the value.
MIN_LENGTH_TO_SHOW_TAIL = 8
DEFAULT_PURPOSE = "instance-settings"


class SecretUnreadable(Exception):
    """The stored token was not written with the current SECRET_KEY (or was tampered with)."""


@lru_cache(maxsize=8)
def _fernet(secret_key: str, purpose: str) -> Fernet:
    derived = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"tripwire-secrets-at-rest",
        info=purpose.encode("utf-8"),
    ).derive(secret_key.encode("utf-8"))
    return Fernet(base64.urlsafe_b64encode(derived))


def encrypt_text(value: str, *, purpose: str = DEFAULT_PURPOSE) -> str:
    """A Fernet token (ASCII) for `value`; each call gives a different token."""
    return _fernet(settings.SECRET_KEY, purpose).encrypt(value.encode("utf-8")).decode()


def decrypt_text(token: str, *, purpose: str = DEFAULT_PURPOSE) -> str:
    try:
        return (
            _fernet(settings.SECRET_KEY, purpose)
            .decrypt(token.encode("ascii"))
            .decode("utf-8")
        )
    except (InvalidToken, UnicodeError, ValueError):
        raise SecretUnreadable(
            "a stored secret cannot be decrypted with the current secret key"
        ) from None


def mask(value: str | None) -> str:
    """`"••••" + last 4 characters` for display; "" for no value; short values show nothing."""
    if not value:
        return ""
    if len(value) < MIN_LENGTH_TO_SHOW_TAIL:
        return MASK
    return MASK + value[-4:]
