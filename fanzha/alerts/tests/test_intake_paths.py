"""The bulk intake's short cuts agree with the general code they stand in for: the common-item
parser with the general parser, orjson reading with ``json``, the sealer with ``crypto``, the
COPY text built at parse time with ``fastpath.stage_text``."""

from __future__ import annotations

import json
import os
from datetime import datetime
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fanzha.alerts import fastpath
from fanzha.alerts.choices import ContactKind, FraudType, Source
from fanzha.alerts.importing import _loads
from fanzha.alerts.intake import (
    _LEVELS,
    FIELDS,
    _common_when,
    _parse_common,
    _parse_general,
    _Parsed,
    _Sealer,
    _stage_row,
    _when,
    parse_item,
    prepare,
)
from fanzha.lib import crypto
from fanzha.lib.sealed import PHONE

CHECKS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Values near the common spelling of each field, and others that are not.
_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=12) | st.text(max_size=4)
_ODD = st.none() | st.integers(-5, 5) | st.floats(allow_nan=False) | st.booleans() | _TEXT
_TIME = st.sampled_from(
    [
        "2021-05-27T09:30:00+08:00",
        "2021-05-27T09:30:00-00:00",
        "2021-05-27T09:30:00+00:00",
        "2021-05-27T09:30:00Z",
        "2021-05-27 09:30:00+08:00",
        "2021-05-27T09:30:00",
        " 2021-05-27T09:30:00+08:00",
        "2021-02-30T09:30:00+08:00",
        "2021-05-27T09:30:00.5+08:00",
        "",
    ]
)
FIELD_VALUES: dict[str, Any] = {
    "source": st.sampled_from([s.value for s in Source] + ["", " national", "NATIONAL"]),
    "source_ref": st.sampled_from(["ref-1", " ref-2 ", "", "a\tb\\c", "x" * 101, "r\x00"]) | _TEXT,
    "level": st.sampled_from([*list(_LEVELS), "High", " high", "x", ""]),
    "target_phone": st.sampled_from(
        ["13800138000", "+8613800138000", "138 0013 8000", "12800138000", "", "1380013800"]
    )
    | st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    "contact": st.sampled_from(["17000000001", "http://x.cn", "wx_abc", "", "1 2-3", "a\nb"])
    | _TEXT,
    "contact_kind": st.sampled_from([k.value for k in ContactKind] + ["", "URL", "nope"]),
    "fraud_type": st.sampled_from([t.value for t in FraudType] + ["", "sdfl", " XJTZ", "??"]),
    "contacted_at": _TIME,
    "received_at": _TIME,
    "extra": _TEXT,
}


# The well-formed spellings the common path takes.
COMMON: dict[str, Any] = {
    "source": st.sampled_from([s.value for s in Source]),
    "source_ref": st.sampled_from(["ref-1", " ref-2 ", "a\tb\\c", "单号 7"]),
    "level": st.sampled_from(list(_LEVELS)),
    "target_phone": st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    "contact": st.sampled_from(["17000000001", "http://x.cn", "wx_abc", "", " 123 ", "a\nb"]),
    "contact_kind": st.sampled_from([k.value for k in ContactKind]),
    "fraud_type": st.sampled_from([t.value for t in FraudType]),
    "contacted_at": st.sampled_from(["2021-05-27T09:30:00+08:00", "1999-12-31T23:59:59-05:30"]),
    "received_at": st.sampled_from(["2021-05-27T09:30:00+00:00", ""]),
    "extra": st.sampled_from(["note", '备注\u2028\x1f"', ""]),
}
OPTIONAL = {"source", "contact", "contact_kind", "fraud_type", "contacted_at", "received_at"}


@st.composite
def items(draw: Any) -> dict[str, Any]:
    """Mostly well-formed items with at most one field spelled otherwise or odd."""
    names = draw(st.permutations([*FIELDS, "extra"]))
    other = draw(st.sampled_from([None, *names]))
    item: dict[str, Any] = {}
    for name in names:
        if (name in OPTIONAL or name == "extra") and draw(st.integers(0, 5)) == 0:
            if name in OPTIONAL and draw(st.booleans()):
                item[name] = None
            continue  # left out
        if name != other:
            item[name] = draw(COMMON[name])
        else:
            item[name] = draw(_ODD if draw(st.integers(0, 3)) == 0 else FIELD_VALUES[name])
    if draw(st.integers(0, 29)) == 0:
        item["unknown"] = "x"
    return item


def _plain(p: _Parsed) -> dict[str, Any]:
    """The parsed alert with its ciphertexts opened (their nonces differ by design)."""
    out = {name: getattr(p, name) for name in _Parsed.__slots__}  # type: ignore[attr-defined]
    out["phone_cipher"] = crypto.decrypt(p.phone_cipher)
    out["payload"] = crypto.decrypt(p.payload)
    del out["stage"]
    out["types"] = [type(v) for v in out.values()]
    return out


@CHECKS
@given(
    item=items(),
    default=st.sampled_from([None, "national", "bank"]),
    forced=st.sampled_from([None, "national"]),
)
@example(
    item={
        "source": "national",
        "source_ref": "bench-1",
        "level": "high",
        "target_phone": "13000000001",
        "contact": "17000000001",
        "fraud_type": "XJTZ",
        "contacted_at": "2021-05-27T09:30:00+08:00",
    },
    default=None,
    forced=None,
)
def test_the_common_item_parser_agrees_with_the_general_one(item, default, forced):
    sealer = _Sealer()
    fast = _parse_common(7, item, default, forced, sealer)
    general = _parse_general(7, item, default, forced, sealer)
    if fast is None:  # parse_item goes the general way
        got = parse_item(7, item, default, forced, sealer)
        assert _plain(got) == _plain(general) if isinstance(got, _Parsed) else got == general
        return
    assert isinstance(general, _Parsed), general
    assert _plain(fast) == _plain(general)
    # Its COPY text is what stage_text makes of the same row.
    assert f"3\t{fast.stage}".encode() == fastpath.stage_text([_stage_row(3, fast)])


def test_the_well_formed_benchmark_item_takes_the_common_path():
    item = {
        "source": "national",
        "source_ref": "bench-1",
        "level": "high",
        "target_phone": "13000000001",
        "contact": "17000000001",
        "fraud_type": "XJTZ",
        "contacted_at": "2021-05-27T09:30:00+08:00",
    }
    parsed = _parse_common(1, item, None, None, _Sealer())
    assert parsed is not None and parsed.stage
    assert json.loads(crypto.decrypt(parsed.payload)) == item


@CHECKS
@given(
    st.dictionaries(
        st.text(max_size=5),
        st.none()
        | st.text()
        | st.integers()
        | st.integers(min_value=2**63, max_value=2**80)
        | st.floats(allow_nan=False)
        | st.booleans()
        | st.lists(st.integers(), max_size=2),
        max_size=5,
    )
    | st.lists(st.text(), max_size=2)
    | st.text()
)
def test_reading_a_line_gives_what_json_gives(value):
    line = json.dumps(value, ensure_ascii=bool(len(str(value)) % 2))
    got = _loads(line)
    assert got == value and type(got) is type(value)
    if isinstance(value, dict):
        assert [(k, type(v)) for k, v in got.items()] == [(k, type(v)) for k, v in value.items()]


@CHECKS
@given(st.text(max_size=30))
@example('{"a": NaN}')
@example('{"a": "\\ud800"}')
@example('{"a": 123456789012345678901234567890}')
@example('{"a": 1e400}')
@example('{"a": "x", "a": "y", "b": "z"}')
def test_reading_any_text_gives_what_json_gives_or_fails_like_it(line):
    try:
        expected = json.loads(line)
    except ValueError:
        try:
            _loads(line)
        except ValueError:
            return
        raise AssertionError("orjson read what json refuses") from None
    got = _loads(line)
    assert repr(got) == repr(expected)


@CHECKS
@given(
    st.from_regex(
        r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2}",
        fullmatch=True,
    )
    | st.datetimes(timezones=st.timezones()).map(datetime.isoformat)
    | st.text(alphabet="0123456789-T:+Z .", min_size=24, max_size=26)
)
@example("2021-05-27T09:30:00-00:00")
@example("2021-05-27T24:00:00+08:00")
def test_the_common_time_reader_agrees_with_when(text):
    got = _common_when(text)
    if got is None:
        return
    try:
        expected = _when(text)
    except ValueError:
        raise AssertionError("read a time that _when refuses") from None
    assert got[0] == expected and got[0].utcoffset() == expected.utcoffset()
    assert got[1] == expected.isoformat()


@CHECKS
@given(st.text())
@example("a\tb\\c\nd\re")
def test_copy_text_escaping_only_skips_text_that_needs_none(text):
    assert fastpath.copy_text(text) == text.translate(fastpath._COPY_ESCAPES)


@CHECKS
@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True), st.binary(max_size=300))
def test_the_sealer_writes_what_crypto_reads(number, data):
    sealer = _Sealer()
    assert sealer.phone_index(number) == crypto.blind_index(number, purpose=PHONE)
    assert crypto.decrypt(sealer.encrypt(number)) == number
    text = data.decode("utf-8", "replace")
    assert crypto.decrypt(sealer.seal(text.encode())) == text


def _nonce(token: str) -> bytes:
    body = token.partition("$")[2]
    import base64

    return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))[: crypto.NONCE_BYTES]


def test_nonces_are_never_reused_within_a_batch_or_across_a_fork():
    sealer = _Sealer()
    nonces = {_nonce(sealer.encrypt("x")) for _ in range(3000)}  # several draws from the OS
    assert len(nonces) == 3000
    sealer.encrypt("x")  # the buffer now holds nonces a forked child must not use
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report its next nonce and leave at once
        os.write(write, _nonce(sealer.encrypt("x")))
        os._exit(0)
    os.waitpid(pid, 0)
    child = os.read(read, crypto.NONCE_BYTES)
    os.close(read)
    os.close(write)
    assert child != _nonce(sealer.encrypt("x"))


def _opened(stage: bytes | None) -> list[list[str]]:
    """COPY lines with the two ciphertext columns opened."""
    assert stage is not None
    rows = [line.split("\t") for line in stage.decode().split("\n")[:-1]]
    for row in rows:
        for column in (4, 12):  # target_phone_cipher, payload_cipher
            row[column] = crypto.decrypt(row[column])
    return rows


@CHECKS
@given(
    st.lists(items() | st.sampled_from(["not json", 5, None]), max_size=12).flatmap(
        lambda batch: st.permutations(batch + batch[: len(batch) // 3])  # with repeats
    ),
    st.sampled_from([None, "bank"]),
)
def test_a_batch_prepared_frozen_is_the_batch_prepare_then_freeze_makes(batch, source):
    frozen = prepare(batch, source=source, index_offset=11, frozen=True)
    thawed = prepare(batch, source=source, index_offset=11)
    thawed.freeze()
    for name in ("offset", "size", "rejected", "keys", "indexes", "repeats", "unique"):
        assert getattr(frozen, name) == getattr(thawed, name), name
    assert _opened(frozen.stage) == _opened(thawed.stage)
