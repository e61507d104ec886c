"""The statistical half of the message check: character n-gram TF-IDF + logistic regression.

Training uses scikit-learn; scoring does not. After fitting, the vocabulary, IDF weights and class
coefficients are exported to plain numpy arrays and saved with ``numpy.savez`` (no pickle), because

* pickled scikit-learn estimators break across scikit-learn versions, and
* scoring one short message through scikit-learn's transform/predict costs about a millisecond,
  while a dictionary walk over the message's n-grams costs tens of microseconds.

Probabilities are calibrated with one temperature fitted on out-of-fold scores, where the folds
are grouped by template (or by source file), so the temperature reflects texts the model has not
seen in any form.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from fanzha.detect.normalize import normalize_text
from fanzha.detect.rules import LABELS, NORMAL

#: Bump when features or training change, so cached default models are rebuilt.
MODEL_VERSION = 3
NGRAM_MIN = 1
NGRAM_MAX = 3


def ngrams(text: str) -> list[str]:
    """Character n-grams of an already normalised text (the model's only features)."""
    out: list[str] = []
    length = len(text)
    for n in range(NGRAM_MIN, NGRAM_MAX + 1):
        out += [text[i : i + n] for i in range(length - n + 1)]
    return out


@dataclass(slots=True)
class LinearTextModel:
    """An exported TF-IDF + linear classifier that scores with numpy only."""

    classes: tuple[str, ...]
    vocabulary: dict[str, int]
    idf: np.ndarray  # (n_features,)
    coef: np.ndarray  # (n_features, n_classes)
    intercept: np.ndarray  # (n_classes,)
    temperature: float = 1.0
    meta: dict[str, Any] = field(default_factory=dict)
    _grams: list[str] | None = None

    def gram(self, j: int) -> str:
        """The n-gram of feature ``j`` (inverse vocabulary, built on first use)."""
        if self._grams is None:
            grams = [""] * len(self.vocabulary)
            for g, i in self.vocabulary.items():
                grams[i] = g
            self._grams = grams
        return self._grams[j]

    # ------------------------------------------------------------------ scoring

    def features(self, norm_text: str) -> tuple[np.ndarray, np.ndarray]:
        """Indices and TF-IDF values (l2-normalised, sublinear tf) of one normalised text."""
        # map/Counter run in C: this loop is the hot path of the whole check.
        counts = Counter(map(self.vocabulary.get, ngrams(norm_text)))
        counts.pop(None, None)  # n-grams outside the vocabulary
        if not counts:
            return np.empty(0, dtype=np.int64), np.empty(0)
        idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        values = (1.0 + np.log(tf)) * self.idf[idx]
        return idx, values / math.sqrt(float(values @ values))

    def logits_of(self, idx: np.ndarray, values: np.ndarray) -> np.ndarray:
        """Calibrated class logits from :meth:`features`."""
        z = self.intercept + values @ self.coef[idx] if idx.size else self.intercept.copy()
        return z / self.temperature

    def logits(self, norm_text: str) -> np.ndarray:
        """Calibrated class logits of one normalised text."""
        return self.logits_of(*self.features(norm_text))

    def predict_proba(self, norm_text: str) -> np.ndarray:
        """Calibrated class probabilities of one normalised text, in ``classes`` order."""
        return _softmax(self.logits(norm_text))

    def predict_proba_many(self, norm_texts: Sequence[str]) -> np.ndarray:
        """Probabilities for many texts with one sparse product (faster than one at a time)."""
        from scipy.sparse import csr_matrix

        indptr = [0]
        indices: list[np.ndarray] = []
        data: list[np.ndarray] = []
        for text in norm_texts:
            idx, values = self.features(text)
            indices.append(idx)
            data.append(values)
            indptr.append(indptr[-1] + idx.size)
        matrix = csr_matrix(
            (
                np.concatenate(data) if data else np.empty(0),
                np.concatenate(indices) if indices else np.empty(0, dtype=np.int64),
                np.asarray(indptr),
            ),
            shape=(len(norm_texts), self.coef.shape[0]),
        )
        z = (matrix @ self.coef + self.intercept) / self.temperature
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return np.asarray(e / e.sum(axis=1, keepdims=True))

    def top_ngrams(
        self, features: tuple[np.ndarray, np.ndarray], label: str, k: int = 3
    ) -> list[str]:
        """The n-grams (two characters or more) that pushed ``norm_text`` most towards ``label``.

        ``features`` comes from :meth:`features`. Contribution = feature value × (weight for
        ``label`` − weight for NORMAL): what made the model prefer this type over "not fraud".
        Used only to explain a verdict.
        """
        if label not in self.classes or NORMAL not in self.classes:
            return []
        idx, values = features
        if not idx.size:
            return []
        c, n = self.classes.index(label), self.classes.index(NORMAL)
        contrib = values * (self.coef[idx, c] - self.coef[idx, n])
        order = np.argsort(-contrib)
        out: list[str] = []
        for pos in order:
            if contrib[pos] <= 0 or len(out) >= k:
                break
            gram = self.gram(int(idx[pos]))
            # Placeholders and single characters explain nothing to a resident.
            chinese = len(gram) >= 2 and all("\u4e00" <= ch <= "\u9fff" for ch in gram)
            if chinese and not any(gram in seen or seen in gram for seen in out):
                out.append(gram)
        return out

    # ------------------------------------------------------------------ persistence

    def save(self, path: Path) -> None:
        """Write the model as a ``.npz`` file (plain arrays, loadable without pickle)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        grams = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        tmp = path.with_name(path.name + ".tmp.npz")
        np.savez_compressed(
            tmp,
            vocabulary=np.array(grams, dtype=str),
            idf=self.idf,
            coef=self.coef.astype(np.float32),
            intercept=self.intercept,
            classes=np.array(self.classes, dtype=str),
            temperature=np.array([self.temperature]),
            meta=np.array([json.dumps(self.meta, ensure_ascii=False)], dtype=str),
        )
        # Rename into place so a concurrent reader never sees half a file.
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> LinearTextModel:
        """Read a model written by :meth:`save`."""
        with np.load(path, allow_pickle=False) as f:
            grams = f["vocabulary"].tolist()
            return cls(
                classes=tuple(f["classes"].tolist()),
                vocabulary={g: i for i, g in enumerate(grams)},
                idf=f["idf"].astype(np.float64),
                coef=f["coef"].astype(np.float64),
                intercept=f["intercept"].astype(np.float64),
                temperature=float(f["temperature"][0]),
                meta=json.loads(str(f["meta"][0])),
            )


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max()
    e = np.exp(z)
    return e / e.sum()


class TrainingError(ValueError):
    """The labelled data cannot train a model (the message says why, in Chinese)."""


def corpus_fingerprint(texts: Sequence[str], labels: Sequence[str]) -> str:
    """A short hash of a training set and the model version (names cached models)."""
    h = hashlib.sha256(f"v{MODEL_VERSION}".encode())
    for text, label in zip(texts, labels, strict=True):
        h.update(label.encode())
        h.update(b"\x1f")
        h.update(text.encode())
        h.update(b"\x1e")
    return h.hexdigest()[:16]


def train(
    texts: Sequence[str],
    labels: Sequence[str],
    groups: Sequence[str] | None = None,
    *,
    c: float = 4.0,
    min_df: int = 2,
    calibrate: bool = True,
) -> LinearTextModel:
    """Fit TF-IDF + multinomial logistic regression on raw ``texts`` and export it.

    ``groups`` (template or source names) keep near-duplicates in the same calibration fold.
    Deterministic: the same data gives the same model.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold, StratifiedKFold

    if len(texts) != len(labels):
        raise TrainingError("文本与标签数量不一致")
    unknown = sorted({lab for lab in labels if lab not in LABELS})
    if unknown:
        raise TrainingError(f"未知标签：{', '.join(unknown[:5])}")
    present = sorted(set(labels), key=LABELS.index)
    if NORMAL not in present or len(present) < 2:
        raise TrainingError("训练数据至少要有“NORMAL”（非诈骗）和一种诈骗类型")
    if len(texts) < 20:
        raise TrainingError("训练数据太少（至少需要20条）")

    norm = [normalize_text(t) for t in texts]
    y = np.array([present.index(lab) for lab in labels])
    vectorizer = TfidfVectorizer(
        analyzer=ngrams, sublinear_tf=True, min_df=min_df, dtype=np.float64, norm="l2"
    )
    x = vectorizer.fit_transform(norm)

    def fit(x_fit: Any, y_fit: np.ndarray, tol: float = 1e-4) -> LogisticRegression:
        clf = LogisticRegression(C=c, max_iter=3000, tol=tol, class_weight="balanced")
        return clf.fit(x_fit, y_fit)

    temperature = 1.0
    counts = np.bincount(y)
    if calibrate and counts.min() >= 3:
        # Out-of-fold logits → one temperature that minimises log-loss.
        oof = np.zeros((len(y), len(present)))
        if groups is not None and len(set(groups)) >= 3:
            splits = GroupKFold(n_splits=3).split(x, y, groups)
        else:
            splits = StratifiedKFold(n_splits=3, shuffle=True, random_state=0).split(x, y)
        for tr, te in splits:
            if len(set(y[tr])) < len(present):
                continue  # a fold lost a class: skip it rather than misalign columns
            # A looser tolerance is enough for calibration scores and saves training time.
            scores = fit(x[tr], y[tr], tol=1e-3).decision_function(x[te])
            if scores.ndim == 1:  # binary: one score; make it the same two columns as below
                scores = np.column_stack([-scores / 2, scores / 2])
            oof[te] = scores
        seen = np.abs(oof).sum(axis=1) > 0
        if seen.sum() >= 10:
            temperature = _fit_temperature(oof[seen], y[seen])

    clf = fit(x, y)
    coef = clf.coef_.T.copy()
    intercept = clf.intercept_.copy()
    if len(present) == 2:
        # Binary logistic regression has one weight vector; make it two symmetric columns.
        coef = np.hstack([-coef / 2, coef / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
    vocab = {g: int(i) for g, i in vectorizer.vocabulary_.items()}
    return LinearTextModel(
        classes=tuple(present),
        vocabulary=vocab,
        idf=vectorizer.idf_.astype(np.float64),
        coef=coef.astype(np.float64),
        intercept=intercept.astype(np.float64),
        temperature=temperature,
        meta={
            "version": MODEL_VERSION,
            "n_train": len(texts),
            "fingerprint": corpus_fingerprint(texts, labels),
            "counts": {lab: int(n) for lab, n in zip(present, counts, strict=True)},
        },
    )


def _fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """Grid-search the temperature T minimising the log-loss of softmax(logits / T)."""
    best_t, best_loss = 1.0, math.inf
    for t in np.exp(np.linspace(np.log(0.3), np.log(8.0), 40)):
        z = logits / t
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        loss = -float(logp[np.arange(len(y)), y].mean())
        if loss < best_loss:
            best_t, best_loss = float(t), loss
    return best_t
