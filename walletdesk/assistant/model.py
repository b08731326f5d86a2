"""The classifier: character and word n-gram TF-IDF into a logistic regression.

Character n-grams within word boundaries (`char_wb`) carry typos, stretched letters and Chinese
without segmentation; word n-grams (rjieba words, English stems) carry phrases such as
"top up" or 没有到账. Both are TF-IDF with sublinear term frequency, joined side by side. The
logistic regression gives probabilities directly; they are checked for calibration on the
holdout by the bench (`bench/assistant.py`).

The same class trains on our own utterances in production, on BANKING77 in the bench, and on any
CSV pair in `walletdesk assistant evaluate`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from walletdesk.assistant.text import normalise, words


@dataclass(frozen=True)
class Settings:
    char_ngrams: tuple[int, int] = (1, 5)
    word_ngrams: tuple[int, int] = (1, 2)
    c: float = 20.0
    char_weight: float = 1.0


@dataclass(frozen=True)
class _Fast:
    """What `ranked` reads, taken once from the fitted vectorisers and model."""

    chars: Callable[[str], list[str]]
    words: Callable[[str], list[str]]
    char_idf: np.ndarray
    word_idf: np.ndarray
    n_chars: int
    coef_t: np.ndarray  # features × labels
    intercept: np.ndarray


def _identity(tokens: list[str]) -> list[str]:
    return tokens


class Classifier:
    """Fit on (text, label) pairs; answer the labels with their probabilities."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        s = self.settings
        self._chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=s.char_ngrams, sublinear_tf=True
        )
        self._words = TfidfVectorizer(
            tokenizer=_identity,
            preprocessor=_identity,
            token_pattern=None,
            lowercase=False,
            ngram_range=s.word_ngrams,
            sublinear_tf=True,
        )
        # SAGA: on ~1,000 short texts and ~40,000 features it converges in seconds, where
        # L-BFGS spends them updating its memory of a 500,000-weight problem.
        self._model = LogisticRegression(
            C=s.c, solver="saga", tol=1e-3, max_iter=1000, random_state=0
        )
        self.labels: tuple[str, ...] = ()
        self._fast: _Fast | None = None

    def _features(self, texts: Sequence[str], *, fit: bool) -> sparse.csr_matrix:
        clean = [normalise(t) for t in texts]
        tokens = [words(t) for t in clean]
        if fit:
            chars = self._chars.fit_transform(clean)
            wordm = self._words.fit_transform(tokens)
        else:
            chars = self._chars.transform(clean)
            wordm = self._words.transform(tokens)
        return sparse.hstack([chars * self.settings.char_weight, wordm], format="csr")

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> Classifier:
        self._model.fit(self._features(texts, fit=True), list(labels))
        self.labels = tuple(str(c) for c in self._model.classes_)
        self._fast = None
        return self

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text, one column per label (in `labels` order), summing to 1."""
        return np.asarray(self._model.predict_proba(self._features(texts, fit=False)))

    def ranked(self, text: str) -> list[tuple[str, float]]:
        """Every label of one text with its probability, most likely first.

        The same arithmetic as `probabilities` (tested equal), done directly for one message:
        scikit-learn's checks on every call cost more than the sum itself."""
        fast = self._fast or self._prepare()
        clean = normalise(text)
        scores = fast.intercept.copy()
        for analyzer, vocabulary, idf, offset, weight, source in (
            (
                fast.chars,
                self._chars.vocabulary_,
                fast.char_idf,
                0,
                self.settings.char_weight,
                clean,
            ),
            (fast.words, self._words.vocabulary_, fast.word_idf, fast.n_chars, 1.0, clean),
        ):
            counts = Counter(
                index for gram in analyzer(source) if (index := vocabulary.get(gram)) is not None
            )
            if not counts:
                continue
            columns = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
            values = tf * idf[columns]
            values *= weight / np.sqrt(values @ values)
            scores += values @ fast.coef_t[columns + offset]
        scores = np.exp(scores - scores.max())
        scores /= scores.sum()
        order = np.argsort(-scores)
        return [(self.labels[i], float(scores[i])) for i in order]

    def _prepare(self) -> _Fast:
        words_analyzer = self._words.build_analyzer()
        self._fast = _Fast(
            chars=self._chars.build_analyzer(),
            words=lambda text: words_analyzer(words(text)),
            char_idf=np.asarray(self._chars.idf_),
            word_idf=np.asarray(self._words.idf_),
            n_chars=len(self._chars.vocabulary_),
            coef_t=np.ascontiguousarray(np.asarray(self._model.coef_).T),
            intercept=np.asarray(self._model.intercept_, dtype=np.float64),
        )
        return self._fast

    def predict(self, texts: Sequence[str]) -> list[str]:
        probs = self.probabilities(texts)
        return [self.labels[i] for i in probs.argmax(axis=1)]
