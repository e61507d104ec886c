"""Text normalisation for the message check, with a map back to the original text.

Cue rules and the statistical model both read the *normalised* text, so that "ＶＸ" and "vx",
or "安 全 賬 戶" and "安全账户", look the same to them. The resident, however, must see
highlights on the text they pasted, so every normalised character remembers the span of original
characters it came from.

Steps, in order:

1. per character: full-width → half-width (and other NFKC single-character folds such as ① → 1),
   ASCII lower-case, traditional → simplified (small table), emoji and control characters dropped,
   any run of whitespace folded to one space, and spaces next to a CJK character removed
   (word-segmented corpora and scammers who write "安 全 账 户" both get un-spaced);
2. identifiers replaced by one placeholder character each: URLs, phone numbers, account numbers,
   money amounts and other numbers. Placeholders are private-use characters, so a character n-gram
   model sees "点击⟨URL⟩" as one short pattern whatever the link is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from fanzha.detect._t2s import T2S

# Placeholder characters (Unicode private-use area: never typed by a person).
URL = "\ue000"
PHONE = "\ue001"
ACCOUNT = "\ue002"
AMOUNT = "\ue003"
NUMBER = "\ue004"

#: Names used for the placeholders in rule files ("{URL}") and in foreign corpora.
TOKENS: dict[str, str] = {
    "URL": URL,
    "PHONE": PHONE,
    "ACCOUNT": ACCOUNT,
    "AMOUNT": AMOUNT,
    "NUMBER": NUMBER,
}

_TLDS = (
    "com|cn|net|org|cc|top|xyz|vip|info|me|io|co|tk|ml|ga|cf|gq|ly|gl|la|in|site|online|shop|"
    "club|app|link|fun|wang|ltd|icu|pw|biz|hk|tw|work|live|asia|store"
)

# One alternation, tried left to right at each position: order matters (a URL may contain digits,
# a phone number is also a digit run). Applied to the text after step 1, so it is lower-case and
# half-width already.
_TOKEN_RE = re.compile(
    rf"""
    (?P<url>
        (?:https?://|www\.)[a-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+
      | (?<![a-z0-9@.])[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*\.(?:{_TLDS})(?![a-z0-9\-])
        (?::\d+)?(?:/[a-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*)?
    )
  | (?P<amount>
        [¥￥$]\s?\d[\d,]*(?:\.\d+)?(?:万|千|百)?(?:元|块)?
      | \d[\d,]*(?:\.\d+)?\s?(?:万元|千元|百元|元|块钱|块|万|rmb)
    )
  | (?P<phone>
        (?<!\d)(?:\+?86[\- ]?)?1[3-9]\d(?:[\- ]?\d{{4}}){{2}}(?!\d)
      | (?<!\d)0\d{{2,3}}-\d{{7,8}}(?!\d)
      | (?<!\d)[48]00[\- ]?\d{{3}}[\- ]?\d{{4}}(?!\d)
    )
  | (?P<account>
        (?<!\d)\d{{4}}(?:[ \-]\d{{4}}){{2,3}}(?:[ \-]\d{{1,4}})?(?!\d)
      | (?<!\d)\d{{12,19}}(?!\d)
    )
  | (?P<number>\d+(?:\.\d+)?)
    """,
    re.VERBOSE,
)

# Cheap pre-check: without a digit or a dot there is no identifier to replace.
_MAY_HOLD_TOKEN = re.compile(r"[0-9.]")

_GROUP_TOKEN = {
    "url": URL,
    "amount": AMOUNT,
    "phone": PHONE,
    "account": ACCOUNT,
    "number": NUMBER,
}


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalised text plus, per normalised character, the original span it came from."""

    text: str
    original: str
    starts: Sequence[int]
    ends: Sequence[int]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span [start, end) of the normalised text to a span of the original text."""
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[end - 1]


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0x3000 <= code <= 0x303F  # CJK punctuation: "安全 。" loses the space too
        or 0xFF00 <= code <= 0xFFEF
    )


# Characters we drop outright: emoji, pictographs, variation selectors, zero-width joiners and
# other format/control characters that scammers sprinkle between words to dodge keyword filters.
_DROP_CATEGORIES = frozenset({"So", "Sk", "Cf", "Cc", "Co", "Cs", "Cn", "Mn", "Me"})

# Cache of the per-character fold (step 1): texts repeat the same few thousand characters.
_FOLD_CACHE: dict[str, str] = {}


def _fold_char(ch: str) -> str:
    """Return the folded form of one character: '' to drop it, ' ' for whitespace."""
    cached = _FOLD_CACHE.get(ch)
    if cached is not None:
        return cached
    if ch.isspace():
        out = " "
    elif ch in "\ue000\ue001\ue002\ue003\ue004":
        # Someone pasting our own placeholders must not forge identifiers: treat as a symbol.
        out = ""
    elif unicodedata.category(ch) in _DROP_CATEGORIES:
        out = ""
    else:
        out = ch
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            out = chr(code - 0xFEE0)
        elif code == 0x3000:
            out = " "
        else:
            nfkc = unicodedata.normalize("NFKC", ch)
            # Keep one-to-one folds only ("①" → "1"); multi-character expansions such as
            # "㈱" → "(株)" would make the offset map many-to-one for no benefit here.
            if len(nfkc) == 1:
                out = nfkc
        out = out.lower() if out.isascii() else out
        out = T2S.get(out, out)
        if out.isspace():
            out = " "
    if len(_FOLD_CACHE) < 50_000:
        _FOLD_CACHE[ch] = out
    return out


class _FoldTable(dict[int, str]):
    """``str.translate`` table that folds any character on first sight (see :func:`_fold_char`)."""

    def __missing__(self, code: int) -> str:
        out = _fold_char(chr(code))
        if len(self) < 50_000:
            self[code] = out
        return out


_FOLD_TABLE = _FoldTable()


def _fold(text: str) -> tuple[str, Sequence[int], Sequence[int]]:
    """Step 1: per-character folding; returns folded text and original start/end per char."""
    # Fast path, taken by most pasted messages: every character folds to exactly one character
    # and there is no whitespace, so the offset map is the identity and C code does the work.
    folded = text.translate(_FOLD_TABLE)
    if len(folded) == len(text) and " " not in folded:
        return folded, range(len(text)), range(1, len(text) + 1)
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pending_space = -1  # index in the original of a space we have not emitted yet
    for i, ch in enumerate(text):
        out = _fold_char(ch)
        if not out:
            continue
        if out == " ":
            if pending_space < 0 and chars:
                pending_space = i
            continue
        if pending_space >= 0:
            # Chinese needs no spaces: drop one next to a CJK character ("安 全", "尾号 1234 的");
            # keep it between Latin words and digits ("vx abc", "1 2").
            if not (_is_cjk(chars[-1]) or _is_cjk(out)):
                chars.append(" ")
                starts.append(pending_space)
                ends.append(pending_space + 1)
            pending_space = -1
        chars.append(out)
        starts.append(i)
        ends.append(i + 1)
    return "".join(chars), starts, ends


def normalize(text: str) -> Normalized:
    """Normalise ``text`` for matching and classification, keeping an offset map."""
    folded, starts1, ends1 = _fold(text)
    if not _MAY_HOLD_TOKEN.search(folded):
        return Normalized(folded, text, starts1, ends1)
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in _TOKEN_RE.finditer(folded):
        s, e = m.span()
        if s > pos:
            chars.append(folded[pos:s])
            starts.extend(starts1[pos:s])
            ends.extend(ends1[pos:s])
        chars.append(_GROUP_TOKEN[m.lastgroup or "number"])
        starts.append(starts1[s])
        ends.append(ends1[e - 1])
        pos = e
    if pos < len(folded):
        chars.append(folded[pos:])
        starts.extend(starts1[pos:])
        ends.extend(ends1[pos:])
    return Normalized("".join(chars), text, starts, ends)


def normalize_text(text: str) -> str:
    """Return only the normalised text (for training, where offsets are not needed)."""
    return normalize(text).text


_FOREIGN_TOKEN_RE = re.compile(r"\b(URL[a-z]*|CELLPHONE|PHONE|TELEPHONE|DIGIT|NUMBER|MONEY)\b")
_FOREIGN_MAP = {
    "CELLPHONE": "13800000000",
    "PHONE": "13800000000",
    "TELEPHONE": "010-12345678",
    "DIGIT": "8",
    "NUMBER": "8",
    "MONEY": "100元",
}


def from_segmented(line: str) -> str:
    """Turn a word-segmented corpus line with its own placeholder words into plain text.

    Public SMS corpora are often segmented with spaces and have contacts replaced by words such as
    ``URL``, ``CELLPHONE`` and ``DIGIT``. We turn those words into a representative value of the
    same kind, so :func:`normalize` maps them to our own placeholders; the spaces between CJK
    characters disappear in :func:`normalize` anyway.
    """

    def repl(m: re.Match[str]) -> str:
        word = m.group(1)
        if word.startswith("URL"):
            return " http://x.cn "
        return f" {_FOREIGN_MAP[word]} "

    return _FOREIGN_TOKEN_RE.sub(repl, line)
