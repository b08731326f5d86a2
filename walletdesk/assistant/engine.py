"""The production classifier: trained once per process, on first use, from our utterances.

Training takes about a second (measured by `make bench SCENARIO=assistant`, `train_s`), so no
model file is kept: the utterances in the repository are the model's only source, nothing is
unpickled and nothing is downloaded. `warm_up_in_background` lets a server process train while it
starts, so its first visitor does not wait; the first call otherwise trains under a lock, once.
"""

from __future__ import annotations

import logging
import threading

from walletdesk.assistant.data import Example, texts_and_labels, utterances
from walletdesk.assistant.model import Classifier

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_trained: Classifier | None = None


def train(examples: list[Example]) -> Classifier:
    """The production pipeline, fitted on `examples` (also what evaluate and the bench use)."""
    texts, labels = texts_and_labels(examples)
    return Classifier().fit(texts, labels)


def classifier() -> Classifier:
    global _trained
    if _trained is None:
        with _lock:
            if _trained is None:
                _trained = train(utterances())
    return _trained


def warm_up_in_background() -> threading.Thread:
    def run() -> None:
        try:
            classifier()
        except Exception:  # the first request trains again and reports the error itself
            logger.exception("assistant warm-up failed")

    thread = threading.Thread(target=run, name="assistant-warm-up", daemon=True)
    thread.start()
    return thread
