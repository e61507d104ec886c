"""The editable cue rules: loading, matching and the negation (warning-context) check."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fanzha.detect.conf import PACKAGE_DATA, data_dir
from fanzha.detect.normalize import TOKENS, URL, Normalized

#: The ten fraud-type codes of DOMAIN.md §4, in the order used everywhere (model classes too).
FRAUD_TYPES: tuple[str, ...] = (
    "SDFL",
    "XJTZ",
    "XJGW",
    "MCKF",
    "XJDK",
    "XJZX",
    "MCLD",
    "MCGJF",
    "WLHL",
    "YXJY",
)
NORMAL = "NORMAL"
LABELS: tuple[str, ...] = (NORMAL, *FRAUD_TYPES)

RULES_FILENAME = "rules.toml"

# Negations recognised inside a matched span (see RuleSet._negated).
_INSIDE_NEGATIONS = (
    "不会",
    "不需要",
    "不收取",
    "不用",
    "绝不",
    "从不",
    "严禁",
    "禁止",
    "切勿",
    "请勿",
)


class RuleFileError(ValueError):
    """A rule file is malformed; the message says where."""


@dataclass(frozen=True, slots=True)
class TypeInfo:
    """Display data of one label: its Chinese name and the advice shown with a verdict."""

    code: str
    name: str
    advice: str


@dataclass(frozen=True, slots=True)
class Rule:
    """One cue: a pattern on normalised text that points to a fraud type."""

    id: str
    type: str
    weight: float
    description: str
    regex: re.Pattern[str]
    always_fraud: bool = False
    needs_unofficial_url: bool = False
    #: Characters every match must start with (None: unknown); lets ``match`` skip the rule
    #: without running the regex when none of them occurs in the text.
    anchors: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class CueMatch:
    """A rule that matched, with its span in the NORMALISED text."""

    rule: Rule
    start: int
    end: int
    negated: bool


@dataclass(frozen=True, slots=True)
class Negation:
    """Words that turn a cue into a warning ("不要透露验证码"), and how far to look for them."""

    before: tuple[str, ...]
    after: tuple[str, ...]
    window_before: int = 14
    window_after: int = 16
    clause_breaks: str = "。!?;；\n"
    soft_breaks: str = ",、:"


@dataclass(slots=True)
class RuleSet:
    """All rules plus the type table, as loaded from one TOML file."""

    version: int
    types: dict[str, TypeInfo]
    rules: list[Rule]
    negation: Negation
    official_domains: tuple[str, ...] = ()
    source: str = ""
    _host_cache: dict[str, bool] = field(default_factory=dict)

    # ------------------------------------------------------------------ loading

    @classmethod
    def from_toml(cls, text: str, source: str = "<string>") -> RuleSet:
        """Parse and compile a rule file; raise :class:`RuleFileError` on any mistake."""
        try:
            raw = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise RuleFileError(f"{source}: {exc}") from exc
        return cls._from_dict(raw, source)

    @classmethod
    def _from_dict(cls, raw: dict[str, Any], source: str) -> RuleSet:
        types: dict[str, TypeInfo] = {}
        for code, info in raw.get("types", {}).items():
            if code not in LABELS:
                raise RuleFileError(f"{source}: unknown type code {code!r}")
            types[code] = TypeInfo(code, str(info["name"]), str(info["advice"]))
        missing = [code for code in LABELS if code not in types]
        if missing:
            raise RuleFileError(f"{source}: types missing: {', '.join(missing)}")
        rules: list[Rule] = []
        seen: set[str] = set()
        for i, r in enumerate(raw.get("rules", [])):
            rid = str(r.get("id", f"#{i}"))
            if rid in seen:
                raise RuleFileError(f"{source}: duplicate rule id {rid!r}")
            seen.add(rid)
            if r.get("type") not in FRAUD_TYPES:
                raise RuleFileError(f"{source}: rule {rid!r} has unknown type {r.get('type')!r}")
            pattern = str(r["pattern"])
            for name, char in TOKENS.items():
                pattern = pattern.replace("{" + name + "}", char)
            try:
                regex = re.compile(pattern)
            except re.error as exc:
                raise RuleFileError(f"{source}: rule {rid!r}: bad pattern: {exc}") from exc
            rules.append(
                Rule(
                    id=rid,
                    type=str(r["type"]),
                    weight=float(r.get("weight", 1.0)),
                    description=str(r.get("description", rid)),
                    regex=regex,
                    always_fraud=bool(r.get("always_fraud", False)),
                    needs_unofficial_url=bool(r.get("needs_unofficial_url", False)),
                    anchors=first_chars(pattern),
                )
            )
        neg = raw.get("negation", {})
        negation = Negation(
            before=tuple(neg.get("before", ())),
            after=tuple(neg.get("after", ())),
            window_before=int(neg.get("window_before", 14)),
            window_after=int(neg.get("window_after", 16)),
            clause_breaks=str(neg.get("clause_breaks", "。!?;；\n")),
            soft_breaks=str(neg.get("soft_breaks", ",、:")),
        )
        return cls(
            version=int(raw.get("version", 1)),
            types=types,
            rules=rules,
            negation=negation,
            official_domains=tuple(d.lower() for d in raw.get("official_domains", ())),
            source=source,
        )

    @classmethod
    def load(cls, path: Path | None = None) -> RuleSet:
        """Load ``path``, else the data directory's override, else the packaged file."""
        if path is None:
            override = data_dir() / RULES_FILENAME
            path = override if override.is_file() else PACKAGE_DATA / RULES_FILENAME
        return cls.from_toml(path.read_text(encoding="utf-8"), source=str(path))

    # ------------------------------------------------------------------ matching

    def match(self, norm: Normalized) -> list[CueMatch]:
        """Return every rule match in ``norm``, flagged when it stands in a warning context."""
        text = norm.text
        found: list[CueMatch] = []
        has_url = URL in text
        present = set(text)
        for rule in self.rules:
            if rule.needs_unofficial_url and not has_url:
                continue
            if rule.anchors is not None and rule.anchors.isdisjoint(present):
                continue
            # search() first: most rules do not match, and a failed search is cheaper than
            # setting up finditer.
            first = rule.regex.search(text)
            if first is None:
                continue
            for m in rule.regex.finditer(text, first.start()):
                start, end = m.span()
                if end == start:
                    continue
                if rule.needs_unofficial_url and not self._has_unofficial_url(norm, start, end):
                    continue
                found.append(CueMatch(rule, start, end, self._negated(text, start, end)))
        found.sort(key=lambda c: (c.start, -c.end))
        return found

    def _negated(self, text: str, start: int, end: int) -> bool:
        """Is the cue at [start, end) said as a warning ("不要…", "…都是诈骗")?"""
        neg = self.negation
        # Look back within the clause only: "请勿慌张，将资金转入安全账户" is still a request.
        lo = max(0, start - neg.window_before)
        before = text[lo:start]
        for i in range(len(before) - 1, -1, -1):
            ch = before[i]
            if ch in neg.clause_breaks or ch in neg.soft_breaks:
                before = before[i + 1 :]
                break
        if any(word in before for word in neg.before):
            return True
        # The negation may sit inside a long match ("贷款放款前不会要求先交保证金"). Only words
        # that no rule pattern itself contains are looked for here ("不要", "不能" are in some).
        inside = text[start:end]
        if any(word in inside for word in _INSIDE_NEGATIONS):
            return True
        # Look ahead into the rest of this sentence: "…转到安全账户的，都是诈骗".
        after = text[end : end + neg.window_after]
        for i, ch in enumerate(after):
            if ch in neg.clause_breaks:
                after = after[:i]
                break
        return any(word in after for word in neg.after)

    def _has_unofficial_url(self, norm: Normalized, start: int, end: int) -> bool:
        """Does the span hold a link whose host is not an official domain?"""
        pos = norm.text.find(URL, start, end)
        while pos >= 0:
            s, e = norm.original_span(pos, pos + 1)
            if not self._is_official(norm.original[s:e]):
                return True
            pos = norm.text.find(URL, pos + 1, end)
        return False

    def _is_official(self, url: str) -> bool:
        host = url.strip().lower()
        host = re.sub(r"^[a-z]+://", "", host)
        host = re.split(r"[/:?#]", host, maxsplit=1)[0].removeprefix("www.")
        host = host.translate({0xFF0E: ".", 0x3002: "."})
        cached = self._host_cache.get(host)
        if cached is None:
            cached = any(host == d or host.endswith("." + d) for d in self.official_domains)
            if len(self._host_cache) < 10_000:
                self._host_cache[host] = cached
        return cached


# ---------------------------------------------------------------------- anchor characters


def first_chars(pattern: str) -> frozenset[str] | None:
    """The set of characters any match of ``pattern`` starts with, or None if unknown.

    Most cue patterns begin with an alternation of literal words ("安全账户|国家…"), so this set is
    small, and testing it against the set of characters in a message is far cheaper than running
    ~100 regular expressions over every message. None (no pre-check) whenever the analysis is
    unsure: a negated class, a category such as \\d, a back-reference, or an all-optional pattern.
    """
    try:
        from re import _parser as sre_parse  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - Python < 3.11
        import sre_parse  # type: ignore[no-redef]
    try:
        parsed = sre_parse.parse(pattern)
    except re.error:
        return None
    found = _first(list(parsed), sre_parse)
    return frozenset(found) if found else None


def _first(items: list[Any], sp: Any) -> set[str] | None:
    """First characters of a sequence of parsed items (see :func:`first_chars`)."""
    c = sp
    out: set[str] = set()
    for op, av in items:
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue  # zero-width: the next item decides
        optional = False
        if op is c.LITERAL:
            out.add(chr(av))
            return out
        if op is c.IN:
            for iop, iav in av:
                if iop is c.LITERAL:
                    out.add(chr(iav))
                elif iop is c.RANGE and iav[1] - iav[0] <= 256:
                    out.update(chr(x) for x in range(iav[0], iav[1] + 1))
                else:
                    return None
            return out
        if op is c.SUBPATTERN:
            sub = _first(list(av[-1]), sp)
        elif op is c.BRANCH:
            sub = set()
            for branch in av[1]:
                part = _first(list(branch), sp)
                if part is None:
                    return None
                sub |= part
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            sub = _first(list(av[2]), sp)
            optional = av[0] == 0
        else:
            return None
        if sub is None:
            return None
        out |= sub
        if not optional:
            return out
    return None  # everything was optional: a match could start anywhere
