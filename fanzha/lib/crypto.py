"""Authenticated encryption at rest and blind indexes for identifiers (DOMAIN.md §6).

Ciphertexts look like ``<key id>$<urlsafe base64 of nonce || AES-256-GCM ciphertext>``. The key id
lets several keys live side by side during a rotation: the first key in the ring encrypts, any key
in the ring decrypts, and ``fanzha rotate_keys`` rewrites every stored value under the first key.

Equality lookups use a blind index: HMAC-SHA256 of the normalised value under a separate key, so the
database can match a phone number without ever holding it in clear. The index key is not rotated by
``rotate_keys`` (that would mean recomputing every index); ``rotate_keys --index`` does that.
"""

from __future__ import annotations

import base64
import hmac
import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

NONCE_BYTES = 12


@dataclass(frozen=True)
class KeyRing:
    """The data keys (first one encrypts) and the blind-index key."""

    data_keys: tuple[tuple[str, bytes], ...]
    index_key: bytes

    @property
    def primary_id(self) -> str:
        return self.data_keys[0][0]


def _decode_key(label: str, text: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.strip() + "=" * (-len(text.strip()) % 4))
    except ValueError:
        raise ImproperlyConfigured(f"{label}: key is not base64") from None
    if len(key) != 32:
        raise ImproperlyConfigured(f"{label}: key must be 32 bytes (base64 of 32 random bytes)")
    return key


def parse_key_spec(spec: str) -> KeyRing:
    """Parse ``index=<b64>;k2=<b64>;k1=<b64>`` (data keys newest first)."""
    data: list[tuple[str, bytes]] = []
    index: bytes | None = None
    for part in spec.replace("\n", ";").split(";"):
        part = part.strip()
        if not part or part.startswith("#"):
            continue
        if "=" not in part:
            raise ImproperlyConfigured("FANZHA key spec: expected name=base64 entries")
        name, _, value = part.partition("=")
        name = name.strip()
        if not name.isalnum():
            raise ImproperlyConfigured(f"FANZHA key spec: bad key id {name!r}")
        if name == "index":
            index = _decode_key("index key", value)
        else:
            data.append((name, _decode_key(f"data key {name}", value)))
    if not data or index is None:
        raise ImproperlyConfigured("FANZHA key spec needs an index key and at least one data key")
    return KeyRing(tuple(data), index)


def new_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode().rstrip("=")


def generate_key_file(path: Path) -> None:
    """Write a fresh key file (demo and development only; production brings its own)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(f"index={new_key()}\nk1={new_key()}\n")


@lru_cache(maxsize=1)
def keyring() -> KeyRing:
    spec = settings.FANZHA_KEYS
    if spec:
        return parse_key_spec(spec)
    path = Path(settings.FANZHA_KEY_FILE)
    if not path.exists():
        if settings.FANZHA_MODE == "production":
            raise ImproperlyConfigured(
                f"No encryption keys: set FANZHA_KEYS or create {path} (fanzha genkeys)"
            )
        generate_key_file(path)
    return parse_key_spec(path.read_text())


def reset_keyring() -> None:
    keyring.cache_clear()
    _aead.cache_clear()


@lru_cache(maxsize=16)
def _aead(key: bytes) -> AESGCM:
    return AESGCM(key)


def encrypt(plaintext: str, *, associated: bytes = b"fanzha") -> str:
    ring = keyring()
    key_id, key = ring.data_keys[0]
    nonce = os.urandom(NONCE_BYTES)
    sealed = _aead(key).encrypt(nonce, plaintext.encode(), associated)
    return key_id + "$" + base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")


def decrypt(token: str, *, associated: bytes = b"fanzha") -> str:
    key_id, sep, body = token.partition("$")
    if not sep:
        raise ValueError("not an encrypted value")
    keys = dict(keyring().data_keys)
    if key_id not in keys:
        raise ImproperlyConfigured(f"Data key {key_id!r} is not in the key ring")
    raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    return _aead(keys[key_id]).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], associated).decode()


def key_id_of(token: str) -> str:
    return token.partition("$")[0]


def blind_index(value: str, *, purpose: str) -> str:
    """Keyed hash of an already-normalised value; ``purpose`` separates phone from ID indexes."""
    return hmac.digest(keyring().index_key, f"{purpose}:{value}".encode(), "sha256").hex()[:32]
