"""The message check: rules + model → one explained verdict.

How the two halves combine (all on a log-odds scale, so each part's contribution is readable):

* the model gives calibrated class probabilities; its fraud log-odds is logit(1 − P(NORMAL)),
  clipped to ±``MODEL_LOGIT_CLIP`` so it cannot veto strong rule evidence;
* every rule that matched, outside a warning context, adds its weight once (a rule repeated in the
  same message does not count twice), minus ``RULE_BIAS``; with no rule at all, the model alone
  must clear an extra ``MODEL_ONLY_MARGIN``;
* the sum is the fraud log-odds of the verdict; an "always fraud" cue raises the score to at
  least ``ALWAYS_FRAUD_SCORE`` whatever the model says; fraud when score ≥ the threshold;
* the type is the fraud type with the highest log P(type) + that type's rule weight (capped).
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from fanzha.detect import corpus
from fanzha.detect.conf import data_dir
from fanzha.detect.model import LinearTextModel, corpus_fingerprint, train
from fanzha.detect.normalize import Normalized, normalize
from fanzha.detect.rules import FRAUD_TYPES, NORMAL, CueMatch, RuleSet

logger = logging.getLogger(__name__)

#: Verdicts at or above this fraud probability are called fraud (setting FANZHA_DETECT_THRESHOLD).
DEFAULT_THRESHOLD = 0.5
#: Floor of the fraud probability when an un-negated "always fraud" cue is present.
ALWAYS_FRAUD_SCORE = 0.97
#: Subtracted from the summed log-odds: rules were written to be sensitive, and weak cues
#: ("低价", "代购") alone should not tip an ordinary advert into fraud.
RULE_BIAS = 0.5
#: The model's fraud log-odds is clipped to ±this before rules are added: a model that learned
#: one corpus's style can be confidently wrong elsewhere, and must not veto strong rule evidence.
MODEL_LOGIT_CLIP = 4.0
#: With no rule evidence at all, the model alone needs this much more log-odds (p ≈ 0.73 instead
#: of 0.5): it was trained on templates, and unfamiliar but harmless text (adverts of kinds the
#: corpus lacks) otherwise lands near the boundary too often.
MODEL_ONLY_MARGIN = 1.0
#: Cap of one type's rule weight when choosing the type: an "always fraud" cue (weight 5) such as
#: a request for a verification code occurs in every type and must not decide the type alone.
TYPE_EVIDENCE_CAP = 2.5
#: Texts longer than this are cut before analysis (the API refuses them earlier).
MAX_TEXT_LENGTH = 20_000
#: Name of a model trained with ``fanzha detect train`` in the data directory.
TRAINED_MODEL_FILENAME = "model.npz"


# Explanation sentences (English msgids, Chinese in locale/). Translated through a per-language
# cache: gettext's thread-local lookup cost more than the rest of the explanation.
MSG_FRAUD = gettext_noop("Judged as fraud: %(type)s (likelihood %(score)s%%).")
MSG_NORMAL = gettext_noop("No clear sign of fraud (likelihood %(score)s%%).")
MSG_ALWAYS = gettext_noop("%(cues)s: a sign that is always fraud.")
MSG_SIGNS = gettext_noop("Warning signs found: %(cues)s.")
MSG_WEAK = gettext_noop("Some wording is suspicious, but not enough on its own: %(cues)s.")
MSG_MODEL_WORDS = gettext_noop("The wording also resembles known %(type)s messages (%(words)s).")
MSG_MODEL_ONLY = gettext_noop("No single rule matched; the statistical model made this judgement.")
MSG_REMINDERS = gettext_noop("%(cues)s appear in an anti-fraud warning, so they do not count.")

_translated: dict[tuple[str | None, str], str] = {}


def _translate(msgid: str, language: str | None) -> str:
    key = (language, msgid)
    text = _translated.get(key)
    if text is None:
        text = _translated[key] = gettext(msgid)
    return text


@dataclass(frozen=True, slots=True)
class Cue:
    """A warning sign found in the text; ``start``/``end`` index the ORIGINAL text."""

    rule_id: str
    type: str
    type_name: str
    description: str
    text: str
    start: int
    end: int
    weight: float
    always_fraud: bool = False


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of the original text, with the cues that cover it (for highlighting)."""

    text: str
    cues: tuple[Cue, ...] = ()

    @property
    def highlighted(self) -> bool:
        """True when the piece is part of at least one cue."""
        return bool(self.cues)

    @property
    def title(self) -> str:
        """Tooltip text: the descriptions of the cues covering this piece."""
        return "；".join(dict.fromkeys(c.description for c in self.cues))


@dataclass(frozen=True, slots=True)
class Verdict:
    """The answer of the message check for one text."""

    text: str
    label: str
    label_name: str
    is_fraud: bool
    score: float
    cues: tuple[Cue, ...]
    reminders: tuple[Cue, ...]
    explanation: str
    advice: str
    type_scores: dict[str, float] = field(default_factory=dict)

    def to_dict(self, include_text: bool = False) -> dict[str, Any]:
        """A JSON-ready dict (the CLI's and API's output shape)."""
        data = asdict(self)
        if not include_text:
            data.pop("text")
        return data

    def segments(self) -> list[Segment]:
        """Split the original text into plain and highlighted pieces (cues may overlap)."""
        bounds = {0, len(self.text)}
        for cue in self.cues:
            bounds.update((cue.start, cue.end))
        points = sorted(b for b in bounds if 0 <= b <= len(self.text))
        out: list[Segment] = []
        for a, b in pairwise(points):
            if a == b:
                continue
            covering = tuple(c for c in self.cues if c.start <= a and b <= c.end)
            if out and out[-1].cues == covering:
                out[-1] = Segment(out[-1].text + self.text[a:b], covering)
            else:
                out.append(Segment(self.text[a:b], covering))
        return out


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max())
    return e / e.sum()


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z > -60 else 0.0


def _threshold() -> float:
    try:
        from django.conf import settings

        if settings.configured:
            return float(getattr(settings, "FANZHA_DETECT_THRESHOLD", DEFAULT_THRESHOLD))
    except ImportError:  # pragma: no cover
        pass
    return DEFAULT_THRESHOLD


class Detector:
    """Rules and model together. Thread-safe for reading; build a new one to change either."""

    def __init__(
        self, rules: RuleSet, model: LinearTextModel | None, threshold: float | None = None
    ):
        self.rules = rules
        self.model = model
        self.threshold = _threshold() if threshold is None else threshold

    # ------------------------------------------------------------------ public

    def check(self, text: str) -> Verdict:
        """Judge one text."""
        norm = normalize(text[:MAX_TEXT_LENGTH])
        if self.model is None:
            return self._verdict(norm, None, None)
        features = self.model.features(norm.text)
        probs = _softmax(self.model.logits_of(*features))
        return self._verdict(norm, probs, features)

    def check_many(self, texts: Sequence[str]) -> list[Verdict]:
        """Judge many texts; the model scores them in one batch."""
        norms = [normalize(t[:MAX_TEXT_LENGTH]) for t in texts]
        if self.model is None:
            return [self._verdict(n, None, None) for n in norms]
        probs = self.model.predict_proba_many([n.text for n in norms])
        return [self._verdict(n, probs[i], None) for i, n in enumerate(norms)]

    # ------------------------------------------------------------------ internals

    def _cue(self, m: CueMatch, norm: Normalized) -> Cue:
        start, end = norm.original_span(m.start, m.end)
        info = self.rules.types[m.rule.type]
        return Cue(
            rule_id=m.rule.id,
            type=m.rule.type,
            type_name=info.name,
            description=m.rule.description,
            text=norm.original[start:end],
            start=start,
            end=end,
            weight=m.rule.weight,
            always_fraud=m.rule.always_fraud,
        )

    def _verdict(
        self,
        norm: Normalized,
        probs: np.ndarray | None,
        features: tuple[np.ndarray, np.ndarray] | None,
    ) -> Verdict:
        matches = self.rules.match(norm)
        active = [m for m in matches if not m.negated]
        cues = tuple(self._cue(m, norm) for m in active)
        reminders = tuple(self._cue(m, norm) for m in matches if m.negated)

        # Model part: per-label probabilities (a model may know only some labels).
        p_label: dict[str, float] = {}
        if probs is not None and self.model is not None:
            p_label = {c: float(p) for c, p in zip(self.model.classes, probs, strict=True)}
            p_fraud_model = 1.0 - p_label.get(NORMAL, 0.0)
        else:
            p_fraud_model = 0.5 if active else 0.05

        # Rule part: each rule counts once, at its weight.
        per_type: dict[str, float] = {}
        seen_rules: set[str] = set()
        for m in active:
            if m.rule.id in seen_rules:
                continue
            seen_rules.add(m.rule.id)
            per_type[m.rule.type] = per_type.get(m.rule.type, 0.0) + m.rule.weight
        rule_total = sum(per_type.values())
        model_z = min(max(_logit(p_fraud_model), -MODEL_LOGIT_CLIP), MODEL_LOGIT_CLIP)
        z = model_z + (rule_total - RULE_BIAS if rule_total else -MODEL_ONLY_MARGIN)
        score = _sigmoid(z)
        always = [c for c in cues if c.always_fraud]
        if always:
            score = max(score, ALWAYS_FRAUD_SCORE)
        is_fraud = score >= self.threshold

        # Type: model log-probability plus the rule weight for that type.
        def type_score(code: str) -> float:
            evidence = min(per_type.get(code, 0.0), TYPE_EVIDENCE_CAP)
            return math.log(max(p_label.get(code, 0.0), 1e-6)) + evidence

        best = max(FRAUD_TYPES, key=type_score)
        label = best if is_fraud else NORMAL
        info = self.rules.types[label]
        type_scores = {k: round(v, 4) for k, v in p_label.items()}
        explanation = self._explain(
            label, is_fraud, score, cues, reminders, always, norm, features, p_label
        )
        return Verdict(
            text=norm.original,
            label=label,
            label_name=info.name,
            is_fraud=is_fraud,
            score=round(score, 4),
            cues=cues,
            reminders=reminders,
            explanation=explanation,
            advice=info.advice,
            type_scores=type_scores,
        )

    def _explain(
        self,
        label: str,
        is_fraud: bool,
        score: float,
        cues: tuple[Cue, ...],
        reminders: tuple[Cue, ...],
        always: list[Cue],
        norm: Normalized,
        features: tuple[np.ndarray, np.ndarray] | None,
        p_label: dict[str, float],
    ) -> str:
        """Sentences a resident can follow: verdict, the signs found, and what was discounted."""
        language = translation.get_language()

        def tr(msgid: str) -> str:
            return _translate(msgid, language)

        pct = f"{score * 100:.0f}"
        parts: list[str] = []
        type_name = self.rules.types[label].name
        if is_fraud:
            parts.append(tr(MSG_FRAUD) % {"type": type_name, "score": pct})
        else:
            parts.append(tr(MSG_NORMAL) % {"score": pct})
        if always:
            parts.append(tr(MSG_ALWAYS) % {"cues": _quote_cues(always)})
        others = [c for c in cues if not c.always_fraud]
        if others:
            msg = tr(MSG_SIGNS) if is_fraud else tr(MSG_WEAK)
            parts.append(msg % {"cues": _describe_cues(others)})
        if is_fraud and self.model is not None and p_label.get(label, 0.0) >= 0.3:
            if features is None:
                features = self.model.features(norm.text)
            words = self.model.top_ngrams(features, label)
            if words:
                parts.append(
                    tr(MSG_MODEL_WORDS)
                    % {"type": type_name, "words": "、".join(f"“{w}”" for w in words)}
                )
        elif is_fraud and not cues:
            parts.append(tr(MSG_MODEL_ONLY))
        if reminders:
            parts.append(tr(MSG_REMINDERS) % {"cues": _quote_cues(reminders)})
        return "".join(parts)


def _quote_cues(cues: Iterable[Cue]) -> str:
    return "、".join(dict.fromkeys(f"「{c.text}」" for c in cues))


def _describe_cues(cues: Iterable[Cue]) -> str:
    return "、".join(dict.fromkeys(f"「{c.text}」（{c.description}）" for c in cues))


# ---------------------------------------------------------------------- the default detector

_lock = threading.Lock()
_default: Detector | None = None


def default_model() -> LinearTextModel:
    """The model in use: a trained ``model.npz`` in the data directory, else the built-in one.

    The built-in model is trained from the project's generated corpus on first use (a few seconds,
    deterministic) and cached under the data directory by a fingerprint of corpus and code, so a
    changed corpus or model version retrains by itself and scikit-learn pickles are never needed.
    """
    directory = data_dir()
    trained = directory / TRAINED_MODEL_FILENAME
    if trained.is_file():
        return LinearTextModel.load(trained)
    return builtin_model(directory)


def builtin_model(directory: Path | None = None) -> LinearTextModel:
    """Train (or load from cache) the model built from the project's own corpus."""
    examples = corpus.generate()
    texts = [e.text for e in examples]
    labels = [e.label for e in examples]
    fingerprint = corpus_fingerprint(texts, labels)
    cache = (directory or data_dir()) / f"builtin-{fingerprint}.npz"
    if cache.is_file():
        try:
            return LinearTextModel.load(cache)
        except (OSError, ValueError, KeyError):
            logger.warning("Ignoring unreadable cached model %s", cache)
    model = train(texts, labels, [e.group for e in examples])
    try:
        model.save(cache)
        # Models of earlier corpus versions are never read again.
        for stale in cache.parent.glob("builtin-*.npz"):
            if stale != cache:
                stale.unlink(missing_ok=True)
    except OSError:
        # A read-only data directory only costs a retrain per process; say so once.
        logger.warning("Could not cache the built-in detect model at %s", cache)
    return model


def get_detector() -> Detector:
    """The process-wide detector (built on first use)."""
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                _default = Detector(RuleSet.load(), default_model())
    return _default


def reset_detector() -> None:
    """Forget the process-wide detector (after training, or in tests)."""
    global _default
    with _lock:
        _default = None


def check(text: str) -> Verdict:
    """Judge whether ``text`` is telecom fraud, which type, how sure, and why."""
    return get_detector().check(text)


def check_many(texts: Sequence[str]) -> list[Verdict]:
    """Judge many texts at once (faster per text than :func:`check`)."""
    return get_detector().check_many(texts)


def suggest_type(narrative: str) -> str | None:
    """The fraud type a case narrative most likely describes, or None when it reads as no fraud."""
    verdict = check(narrative)
    return verdict.label if verdict.is_fraud else None
