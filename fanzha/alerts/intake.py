"""Intake of warning leads: one typed function, ``ingest``, shared by ``POST /api/v1/alerts``,
the batch route and ``fanzha alerts import``.

For each batch: validate every item (a bad item gets its index, field and reason and is left
out; the good ones go on), then in ONE transaction insert the alerts with ON CONFLICT DO NOTHING
on ``(source, source_ref)``, read their ids back, route each new target through the blind phone
index, create the tasks (unique per alert) and queue the residents' warnings (unique per alert
through the outbox's dedup key). Every step is idempotent by a database constraint, so running
the same input again after a crash at any point stores nothing twice."""

from __future__ import annotations

import hmac
import json
import logging
import os
import re
from binascii import b2a_base64
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, TypeGuard

import orjson
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from psycopg.errors import DeadlockDetected

from fanzha.alerts import fastpath
from fanzha.alerts.choices import ContactKind, FraudType, Level, Source, TaskStatus
from fanzha.alerts.models import Alert, Task
from fanzha.alerts.routing import UNMATCHED, Router
from fanzha.lib import crypto
from fanzha.lib.masking import mask_phone
from fanzha.lib.sealed import PHONE

CREATED, DUPLICATE, REJECTED = "created", "duplicate", "rejected"

logger = logging.getLogger(__name__)

_LEVELS = {
    "high": Level.HIGH,
    "高": Level.HIGH,
    "h": Level.HIGH,
    "medium": Level.MEDIUM,
    "中": Level.MEDIUM,
    "m": Level.MEDIUM,
    "low": Level.LOW,
    "低": Level.LOW,
    "l": Level.LOW,
}
_SOURCES = {s.value for s in Source}
_FRAUD_TYPES = {t.value for t in FraudType}
_CONTACT_KINDS = {k.value for k in ContactKind}
_PLAIN_MOBILE = re.compile(r"^(?:\+?86)?(1[3-9]\d{9})$")
_PHONE_LIKE = re.compile(r"^[+\d][\d\s\-]{4,}$")
FIELDS = (
    "source",
    "source_ref",
    "level",
    "target_phone",
    "contact",
    "contact_kind",
    "fraud_type",
    "contacted_at",
    "received_at",
)


@dataclass(frozen=True)
class ItemError:
    index: int
    field: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"index": self.index, "field": self.field, "reason": self.reason}


@dataclass
class Result:
    """What happened to item ``index``: created, duplicate (of an alert already stored, or of
    an earlier item in the same batch) or rejected with its errors."""

    index: int
    status: str
    alert_id: int | None = None
    errors: list[ItemError] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"index": self.index, "status": self.status}
        if self.alert_id is not None:
            data["id"] = self.alert_id
        if self.errors:
            data["errors"] = [e.as_dict() for e in self.errors]
        return data


@dataclass(slots=True)
class _Parsed:
    index: int
    source: str
    source_ref: str
    level: str
    phone_cipher: str
    phone_index: str
    phone_mask: str
    contact: str
    contact_kind: str
    fraud_type: str
    contacted_at: datetime | None
    received_at: datetime | None
    payload: str
    # The COPY text of this alert after its ``ord`` column (``fastpath.STAGE_COLUMNS``), when
    # ``_parse_common`` built it; otherwise ``Batch.freeze`` formats the row.
    stage: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.source_ref)


_URLSAFE = bytes.maketrans(b"+/", b"-_")
_NONCE_BLOCK = 1024  # nonces drawn from the OS at once
_forks = [0]  # bumped in a forked child: a sealer never reuses nonces drawn before the fork


def _forked() -> None:
    _forks[0] += 1


os.register_at_fork(after_in_child=_forked)


class _Sealer:
    """Encryption and blind index for one batch, in ``crypto.encrypt`` / ``crypto.blind_index``
    format exactly (the tests decrypt with ``crypto``): the key ring is read once per batch
    rather than per value, which matters at tens of thousands of items a second.

    Per value it saves what can be done once: the HMAC keyed and fed the ``phone:`` purpose is
    copied rather than rebuilt, and the random
    nonces are cut from one ``os.urandom`` call per 1,024 values (8 for the first draw; each
    still 12 fresh random bytes, never used twice; a forked child draws its own)."""

    __slots__ = ("_aead", "_fork", "_index", "_nonces", "_prefix", "_taken")

    def __init__(self) -> None:
        ring = crypto.keyring()
        key_id, key = ring.data_keys[0]
        self._aead = AESGCM(key)
        self._prefix = key_id + "$"
        self._index = hmac.new(ring.index_key, b"phone:", "sha256")
        self._nonces = b""
        self._taken = 0
        self._fork = _forks[0]

    def encrypt(self, plaintext: str) -> str:
        return self.seal(plaintext.encode())

    def seal(self, data: bytes) -> str:
        """``crypto.encrypt`` of UTF-8 ``data``."""
        start = self._taken
        if start >= len(self._nonces) or self._fork != _forks[0]:
            # A sealer made for one item (parse_item without one) draws only a few.
            count = _NONCE_BLOCK if self._nonces else 8
            self._nonces = os.urandom(crypto.NONCE_BYTES * count)
            self._fork = _forks[0]
            start = 0
        end = self._taken = start + crypto.NONCE_BYTES
        nonce = self._nonces[start:end]
        sealed = nonce + self._aead.encrypt(nonce, data, b"fanzha")
        # base64.urlsafe_b64encode, without its Python-level wrappers
        return self._prefix + b2a_base64(sealed, newline=False).translate(_URLSAFE).decode().rstrip(
            "="
        )

    def phone_index(self, number: str) -> str:
        """``crypto.blind_index(number, purpose="phone")``, from the saved HMAC."""
        index = self._index.copy()
        index.update(number.encode())
        return index.hexdigest()[:32]


assert PHONE == "phone"  # _Sealer.phone_index spells the purpose out
_ALLOWED_FIELDS = frozenset(FIELDS) | {"extra"}
_PAYLOAD = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str)


def _unstorable_message() -> str:
    return _("Contains a NUL character or an invalid Unicode character.")


def _storable(text: str) -> bool:
    """Whether the database can hold ``text``: PostgreSQL refuses NUL in text and neither
    database can encode a lone surrogate (which JSON's \\ud800 escapes can produce)."""
    if "\x00" in text:
        return False
    if text.isascii():
        return True
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


def _plain_mobile(value: Any) -> TypeGuard[str]:
    """Already a plain 11-digit mainland mobile number, as stored (the common case)."""
    return (
        type(value) is str
        and len(value) == 11
        and value.isascii()
        and value.isdigit()
        and value[0] == "1"
        and value[1] in "3456789"
    )


def _mobile(value: Any) -> str:
    if _plain_mobile(value):
        return value
    raw = str(value or "").strip().replace(" ", "").replace("-", "")
    match = _PLAIN_MOBILE.match(raw)
    if match:
        return match.group(1)
    from fanzha.lib.identifiers import normalize_mobile

    return normalize_mobile(str(value or ""))


def _when(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        parsed = value
    else:
        text = str(value).strip().replace("Z", "+00:00")
        parsed = datetime.fromisoformat(text)
    if parsed.utcoffset() is None:
        parsed = timezone.make_aware(parsed)
    return parsed


def _contact_kind(contact: str) -> str:
    if contact.lower().startswith(("http://", "https://", "www.")):
        return ContactKind.URL
    if _PHONE_LIKE.match(contact):
        return ContactKind.PHONE
    return ContactKind.ACCOUNT if contact else ContactKind.OTHER


def parse_item(
    index: int,
    item: Any,
    default_source: str | None,
    forced_source: str | None,
    sealer: _Sealer | None = None,
) -> _Parsed | list[ItemError]:
    """Validate one item; returns the parsed alert or the list of what is wrong with it."""
    if type(item) is dict:
        parsed = _parse_common(index, item, default_source, forced_source, sealer or _Sealer())
        if parsed is not None:
            return parsed
    return _parse_general(index, item, default_source, forced_source, sealer)


_LEVEL_TEXT = {spelling: level.value for spelling, level in _LEVELS.items()}
_NULL = "\\N"
_NO_TIME = (None, _NULL)
# The separators of 2021-05-27T09:30:00+08:00 (every third character from the fifth on).
_ISO_MARKS = frozenset({"--T::+:", "--T::-:"})
_PHONE_KIND = ContactKind.PHONE.value


def _common_when(value: Any) -> tuple[datetime | None, str] | None:
    """``_when`` of a missing time or one written ``2021-05-27T09:30:00+08:00``, with its COPY
    text, which for this form is the text itself (``isoformat`` of the parsed value), except
    ``-00:00`` (read back as ``+00:00``) and offsets of 60 minutes or more (``+00:60`` is
    ``+01:00``), left to ``_when``. Anything else: None.

    ``fromisoformat`` takes only ASCII digits between these separators, so no space or ``Z``
    that ``_when`` would strip or replace can get through."""
    if value is None or value == "":
        return _NO_TIME
    if (
        type(value) is not str
        or len(value) != 25
        or value[4::3] not in _ISO_MARKS
        or value.endswith("-00:00")
        or value[23] > "5"  # an offset of 60 minutes or more is written otherwise
    ):
        return None
    try:
        return datetime.fromisoformat(value), value
    except ValueError:
        return None


def _parse_common(
    index: int,
    item: dict[str, Any],
    default_source: str | None,
    forced_source: str | None,
    sealer: _Sealer,
) -> _Parsed | None:
    """``_parse_general`` for the common well-formed item, without its generic conversions: a
    dict of known fields whose values are strings (or null where a field may be left out) and
    already in their stored spelling, builds the same alert, and its COPY text with it. For any
    other item it returns None (``_parse_general`` then gives the alert or the errors);
    tests/test_intake_paths.py checks that the two agree."""
    fields = _common(item, default_source, forced_source, sealer)
    return None if fields is None else _Parsed(index, *fields)


def _common(
    item: dict[str, Any],
    default_source: str | None,
    forced_source: str | None,
    sealer: _Sealer,
) -> tuple[Any, ...] | None:
    """``_parse_common``'s alert as the tuple of ``_Parsed``'s fields after ``index``, which
    ``prepare`` takes apart without making a ``_Parsed`` when it freezes the batch at once."""
    if not _ALLOWED_FIELDS.issuperset(item):
        return None
    get = item.get
    source = get("source")
    if source is None or source == "":
        source = default_source
    if type(source) is not str or source not in _SOURCES:
        return None
    if forced_source and source != forced_source:
        return None
    ref = get("source_ref")
    if type(ref) is not str:
        return None
    ref = ref.strip()
    if not ref or len(ref) > 100 or not _storable(ref):
        return None
    level_raw = get("level")
    if type(level_raw) is not str:
        return None
    level = _LEVELS.get(level_raw)
    if level is None:
        return None
    number = get("target_phone")
    if not _plain_mobile(number):
        return None
    fraud_type = get("fraud_type")
    if fraud_type is None or fraud_type == "":
        fraud_type = "UNKNOWN"
    elif type(fraud_type) is not str or fraud_type not in _FRAUD_TYPES:
        return None
    contact = get("contact")
    if contact is None:
        contact = ""
    elif type(contact) is not str:
        return None
    else:
        contact = contact.strip()
        if len(contact) > 300 or not _storable(contact):
            return None
    contact_kind = get("contact_kind")
    if contact_kind is None or contact_kind == "":
        if contact.isdigit() and contact.isascii() and len(contact) > 4:
            contact_kind = ContactKind.PHONE  # what _contact_kind says of a plain number
            kind_text = _PHONE_KIND
        else:
            contact_kind = _contact_kind(contact)
            kind_text = str(contact_kind)  # its value
    elif type(contact_kind) is str and contact_kind in _CONTACT_KINDS:
        kind_text = contact_kind
    else:
        return None
    contacted = _common_when(get("contacted_at"))
    received = _common_when(get("received_at"))
    if contacted is None or received is None:
        return None
    extra = get("extra")
    if extra is not None and type(extra) is not str:
        return None
    # Strings and nulls only: orjson writes them exactly as _PAYLOAD does (same escapes, UTF-8
    # kept, no spaces); a lone surrogate, which it refuses, is the general path's to report.
    try:
        payload = orjson.dumps(item)
    except TypeError:
        return None
    phone_cipher = sealer.seal(number.encode())
    phone_index = sealer.phone_index(number)
    phone_mask = number[:3] + "****" + number[7:]  # mask_phone of an 11-digit number
    payload_cipher = sealer.seal(payload)
    return (
        source,
        ref,
        level,
        phone_cipher,
        phone_index,
        phone_mask,
        contact,
        contact_kind,
        fraud_type,
        contacted[0],
        received[0],
        payload_cipher,
        f"{source}\t{fastpath.copy_text(ref)}\t{_LEVEL_TEXT[level_raw]}\t{phone_cipher}\t"
        f"{phone_index}\t{phone_mask}\t{kind_text}\t{fastpath.copy_text(contact)}\t{fraud_type}\t"
        f"{contacted[1]}\t{received[1]}\t{payload_cipher}\n",
    )


def _parse_general(
    index: int,
    item: Any,
    default_source: str | None,
    forced_source: str | None,
    sealer: _Sealer | None = None,
) -> _Parsed | list[ItemError]:
    """Validate any item, with every conversion the API has always made (``str()`` and
    ``strip()`` of each value, case-insensitive level and fraud type, any ISO 8601 time)."""
    if not isinstance(item, Mapping):
        return [ItemError(index, "", _("Each item must be an object."))]
    errors: list[ItemError] = []
    get = item.get

    source = str(get("source") or default_source or "").strip()
    if source not in _SOURCES or (forced_source and source != forced_source):
        if not source:
            errors.append(ItemError(index, "source", _("This field is required.")))
        elif source not in _SOURCES:
            errors.append(
                ItemError(
                    index,
                    "source",
                    _("Unknown source %(value)r; expected one of %(choices)s.")
                    % {"value": source, "choices": ", ".join(sorted(_SOURCES))},
                )
            )
        else:
            errors.append(
                ItemError(
                    index,
                    "source",
                    _("This API key may only submit alerts from source %(source)s.")
                    % {"source": forced_source},
                )
            )
    source_ref = str(get("source_ref") or "").strip()
    if not source_ref:
        errors.append(ItemError(index, "source_ref", _("This field is required.")))
    elif len(source_ref) > 100:
        errors.append(ItemError(index, "source_ref", _("At most 100 characters.")))
    level_raw = str(get("level") or "").strip()
    level = _LEVELS.get(level_raw.lower())
    if level is None:
        if not level_raw:
            errors.append(ItemError(index, "level", _("This field is required.")))
        else:
            errors.append(
                ItemError(
                    index,
                    "level",
                    _("Unknown level %(value)r; expected high, medium or low.")
                    % {"value": level_raw},
                )
            )
    number = ""
    try:
        number = _mobile(get("target_phone"))
    except ValidationError as exc:
        errors.append(ItemError(index, "target_phone", " ".join(exc.messages)))
    fraud_type = str(get("fraud_type") or "UNKNOWN").strip().upper()
    if fraud_type not in _FRAUD_TYPES:
        errors.append(
            ItemError(
                index,
                "fraud_type",
                _("Unknown fraud type %(value)r; expected one of %(choices)s.")
                % {"value": fraud_type, "choices": ", ".join(sorted(_FRAUD_TYPES))},
            )
        )
    contact = str(get("contact") or "").strip()
    if len(contact) > 300:
        errors.append(ItemError(index, "contact", _("At most 300 characters.")))
    contact_kind = str(get("contact_kind") or "").strip() or _contact_kind(contact)
    if contact_kind not in _CONTACT_KINDS:
        errors.append(
            ItemError(
                index,
                "contact_kind",
                _("Unknown contact kind %(value)r.") % {"value": contact_kind},
            )
        )
    times: list[datetime | None] = [None, None]
    for position, name in enumerate(("contacted_at", "received_at")):
        try:
            times[position] = _when(get(name))
        except (ValueError, TypeError):
            errors.append(
                ItemError(
                    index,
                    name,
                    _("Not a date and time (use ISO 8601, e.g. 2021-05-27T09:30:00+08:00)."),
                )
            )
    for name, text in (("source_ref", source_ref), ("contact", contact)):
        if not _storable(text):
            errors.append(ItemError(index, name, _unstorable_message()))
    if not _ALLOWED_FIELDS.issuperset(item):
        errors.append(ItemError(index, sorted(set(item) - _ALLOWED_FIELDS)[0], _("Unknown field.")))
    if errors:
        return errors
    assert level is not None
    payload = _PAYLOAD.encode(item)
    if not _storable(payload):
        return [ItemError(index, "", _unstorable_message())]
    sealer = sealer or _Sealer()
    return _Parsed(
        index,
        source,
        source_ref,
        level,
        sealer.encrypt(number),
        sealer.phone_index(number),
        mask_phone(number),
        contact,
        contact_kind,
        fraud_type,
        times[0],
        times[1],
        sealer.encrypt(payload),
    )


def _chunks(values: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _existing(keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
    by_source: dict[str, list[str]] = {}
    for source, ref in keys:
        by_source.setdefault(source, []).append(ref)
    found: dict[tuple[str, str], int] = {}
    for source, refs in by_source.items():
        for chunk in _chunks(refs, 2000):
            for ref, pk in Alert.objects.filter(source=source, source_ref__in=chunk).values_list(
                "source_ref", "pk"
            ):
                found[(source, ref)] = pk
    return found


@dataclass
class Batch:
    """A validated chunk ready to store. It holds no database state and pickles cheaply, so the
    file importer prepares the next chunk in a second process while this one is stored.

    ``unique`` holds the first valid item of each (source, source_ref); a later item with the
    same key is a ``repeat`` (item index, position in ``unique``) and is reported as a duplicate.
    ``freeze`` replaces ``unique`` by its COPY text (PostgreSQL only)."""

    offset: int
    size: int
    rejected: list[Result]
    unique: list[_Parsed]
    keys: list[tuple[str, str]]
    indexes: list[int]
    repeats: list[tuple[int, int]]
    stage: bytes | None = None

    def freeze(self) -> Batch:
        self.stage = "".join(
            [
                f"{order}\t{p.stage}"
                if p.stage
                else fastpath.stage_text([_stage_row(order, p)]).decode()
                for order, p in enumerate(self.unique)
            ]
        ).encode()
        self.unique = []
        return self


@dataclass
class Stored:
    """What ``store`` did: the number of new alerts, and with ``with_ids`` the alert id of each
    unique item (new or already stored)."""

    created: int
    ids: list[int | None] | None = None
    new: list[bool] | None = None


def prepare(
    items: Sequence[Any],
    *,
    source: str | None = None,
    api_key: Any = None,
    index_offset: int = 0,
    frozen: bool = False,
) -> Batch:
    """Validate and seal a batch of items; nothing touches the database. ``frozen``: the
    batch ``freeze`` would make of it, without keeping each alert's fields in between."""
    forced = (getattr(api_key, "source", "") or None) if api_key is not None else None
    default = forced or source
    sealer = _Sealer()
    batch = Batch(index_offset, len(items), [], [], [], [], [])
    positions: dict[tuple[str, str], int] = {}
    if frozen:
        return _prepare_frozen(items, batch, positions, default, forced, sealer)
    for i, item in enumerate(items):
        index = index_offset + i
        outcome = parse_item(index, item, default, forced, sealer)
        if isinstance(outcome, list):
            batch.rejected.append(Result(index, REJECTED, errors=outcome))
            continue
        key = (outcome.source, outcome.source_ref)
        position = positions.get(key)
        if position is None:
            positions[key] = len(batch.unique)
            batch.unique.append(outcome)
            batch.keys.append(key)
            batch.indexes.append(index)
        else:
            batch.repeats.append((index, position))
    return batch


def _prepare_frozen(
    items: Sequence[Any],
    batch: Batch,
    positions: dict[tuple[str, str], int],
    default: str | None,
    forced: str | None,
    sealer: _Sealer,
) -> Batch:
    """``prepare`` then ``freeze``, keeping only each new alert's COPY line."""
    lines: list[str] = []
    keys, indexes = batch.keys, batch.indexes
    for index, item in enumerate(items, batch.offset):
        fields = _common(item, default, forced, sealer) if type(item) is dict else None
        if fields is not None:
            key = (fields[0], fields[1])
            line = fields[-1]
        else:
            outcome = _parse_general(index, item, default, forced, sealer)
            if isinstance(outcome, list):
                batch.rejected.append(Result(index, REJECTED, errors=outcome))
                continue
            key = outcome.key
            line = fastpath.stage_text([_stage_row(0, outcome)]).decode().partition("\t")[2]
        position = positions.get(key)
        if position is None:
            positions[key] = len(keys)
            lines.append(f"{len(keys)}\t{line}")
            keys.append(key)
            indexes.append(index)
        else:
            batch.repeats.append((index, position))
    batch.stage = "".join(lines).encode()
    return batch


def ingest(
    items: Sequence[Any],
    *,
    source: str | None = None,
    api_key: Any = None,
    router: Router | None = None,
    now: datetime | None = None,
    index_offset: int = 0,
) -> list[Result]:
    """Take in a batch of alert items (dicts as received); one Result per item, in order.

    ``source`` is the default for items without one; an API key bound to a source forces it.
    ``index_offset`` numbers the items of a chunk within a larger stream (import files)."""
    batch = prepare(items, source=source, api_key=api_key, index_offset=index_offset)
    stored = store(batch, router or Router(), now or timezone.now(), with_ids=True)
    return results(batch, stored)


def results(batch: Batch, stored: Stored) -> list[Result]:
    """One Result per item of the batch, in order."""
    assert stored.ids is not None and stored.new is not None
    out: list[Result | None] = [None] * batch.size
    for r in batch.rejected:
        out[r.index - batch.offset] = r
    for position, index in enumerate(batch.indexes):
        status = CREATED if stored.new[position] else DUPLICATE
        out[index - batch.offset] = Result(index, status, stored.ids[position])
    for index, position in batch.repeats:
        out[index - batch.offset] = Result(index, DUPLICATE, stored.ids[position])
    return [r for r in out if r is not None]


def store(batch: Batch, router: Router, now: datetime, *, with_ids: bool) -> Stored:
    """Write the batch's new alerts with their tasks and warnings, in one transaction.

    Two batches stored at once with the same new keys in crossed order (two import writers,
    two upstream requests resending overlapping batches) can deadlock; PostgreSQL then rolls
    one back whole, and it is stored again here, unless an outer transaction holds it."""
    attempts = 5 if connection.vendor == "postgresql" and not connection.in_atomic_block else 1
    for attempt in range(attempts):
        try:
            return _store_once(batch, router, now, with_ids=with_ids)
        except (OperationalError, DeadlockDetected) as exc:
            # The set-based store runs on psycopg's own cursor, whose errors arrive unwrapped;
            # through Django's cursor the same error is an OperationalError caused by it.
            deadlock = isinstance(exc, DeadlockDetected) or isinstance(
                exc.__cause__, DeadlockDetected
            )
            if attempt == attempts - 1 or not deadlock:
                raise
            logger.info("alert intake: a batch rolled back by a deadlock is stored again")
    raise AssertionError("unreachable")


def _store_once(batch: Batch, router: Router, now: datetime, *, with_ids: bool) -> Stored:
    if not batch.keys:
        return Stored(0, [], [])
    if connection.vendor == "postgresql":
        due_minutes = settings.FANZHA_ALERT_DUE_MINUTES
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            outcome = fastpath.store(
                batch.stage
                if batch.stage is not None
                else [_stage_row(i, p) for i, p in enumerate(batch.unique)],
                len(batch.keys),
                now=now,
                dues={level: now + timedelta(minutes=due_minutes[level]) for level in Level},
                texts=_warning_texts(),
                with_ids=with_ids,
                outermost=outermost,
            )
            if isinstance(outcome, int):
                return Stored(outcome)
            inserted = {(source, ref): pk for pk, source, ref in outcome}
            existing = _existing(k for k in batch.keys if k not in inserted)
    else:
        assert batch.stage is None, "frozen batches are for PostgreSQL"
        with transaction.atomic():
            existing = _existing(batch.keys)
            new = [p for p in batch.unique if p.key not in existing]
            _orm_insert_alerts(new, now)
            inserted = _existing(p.key for p in new)
            _orm_tasks_and_warnings([p for p in new if p.key in inserted], inserted, router, now)
    ids = [inserted.get(k, existing.get(k)) for k in batch.keys]
    return Stored(len(inserted), ids, [k in inserted for k in batch.keys])


def _orm_tasks_and_warnings(
    new: list[_Parsed], ids: dict[tuple[str, str], int], router: Router, now: datetime
) -> None:
    from fanzha.notifications.choices import Channel
    from fanzha.notifications.models import Notification

    due_minutes = settings.FANZHA_ALERT_DUE_MINUTES
    texts = _warning_texts()
    routes = router.match(p.phone_index for p in new)
    tasks = []
    messages = []
    for p in new:
        alert_id = ids[p.key]
        route = routes.get(p.phone_index, UNMATCHED)
        tasks.append(
            Task(
                alert_id=alert_id,
                level=p.level,
                status=TaskStatus.PENDING.value,
                tier=route.tier,
                matched_via=route.matched_via,
                resident_id=route.resident_id,
                registration_id=route.registration_id,
                grid_id=route.grid_id,
                community_id=route.community_id,
                office_id=route.office_id,
                station_id=route.station_id,
                officer_id=route.officer_id,
                assignee_id=route.assignee_id,
                due_at=now + timedelta(minutes=due_minutes[p.level]),
                revisit_count=0,
                outcome="",
                amount_lost=Decimal("0"),
                amount_saved=Decimal("0"),
                version=1,
                created_at=now,
                updated_at=now,
            )
        )
        messages.append(
            Notification(
                channel=Channel.SMS.value,
                to_cipher=p.phone_cipher,
                to_index=p.phone_index,
                to_mask=p.phone_mask,
                template="alert_warning",
                text=texts[p.fraud_type],
                link="",
                purpose="alert_warning",
                ref=f"alerts.alert:{alert_id}",
                dedup_key=f"alert-warning:{alert_id}",
                status="pending",
                attempts=0,
                next_attempt_at=now,
                provider_ref="",
                last_error="",
                created_at=now,
            )
        )
    # New alerts only: their tasks and warnings cannot exist yet.
    Task.objects.bulk_create(tasks, batch_size=1000)
    Notification.objects.bulk_create(messages, batch_size=1000)


def _stage_row(order: int, p: _Parsed) -> tuple:
    return (
        order,
        p.source,
        p.source_ref,
        p.level,
        p.phone_cipher,
        p.phone_index,
        p.phone_mask,
        p.contact_kind,
        p.contact,
        p.fraud_type,
        p.contacted_at,
        p.received_at,
        p.payload,
    )


def _orm_insert_alerts(new: list[_Parsed], now: datetime) -> None:
    Alert.objects.bulk_create(
        [
            Alert(
                source=p.source,
                source_ref=p.source_ref,
                level=p.level,
                target_phone_cipher=p.phone_cipher,
                target_phone_index=p.phone_index,
                target_phone_mask=p.phone_mask,
                contact=p.contact,
                contact_kind=p.contact_kind,
                fraud_type=p.fraud_type,
                contacted_at=p.contacted_at,
                received_at=p.received_at or now,
                payload_cipher=p.payload,
                created_at=now,
                updated_at=now,
            )
            for p in new
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )


_warning_cache: dict[str, dict[str, str]] = {}


def _warning_texts() -> dict[str, str]:
    """The resident's warning for each fraud type. Rendering through gettext per alert would
    dominate bulk intake; ten types, ten texts, rendered once per process and language."""
    from fanzha.notifications.messages import render

    language = get_language() or ""
    texts = _warning_cache.get(language)
    if texts is None:
        texts = {}
        for fraud_type in FraudType:
            label = (
                fraud_type.label
                if fraud_type != FraudType.UNKNOWN
                else gettext_lazy("suspected fraud")
            )
            texts[fraud_type.value] = render("alert_warning", {"fraud_type": label})
        _warning_cache[language] = texts
    return texts


def summarize(results: Iterable[Result]) -> dict[str, int]:
    counts = {CREATED: 0, DUPLICATE: 0, REJECTED: 0}
    for r in results:
        counts[r.status] += 1
    return counts
