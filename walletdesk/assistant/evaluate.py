"""How well does the production pipeline do on a labelled set? (`walletdesk assistant evaluate`,
the bench.) Trains on one set, reads every message of the other one at a time, as production
does, and answers accuracy, per-message latency and per-class figures."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from typing import Any

from walletdesk.assistant.data import Example
from walletdesk.assistant.engine import train
from walletdesk.assistant.model import Classifier
from walletdesk.assistant.reading import read


def percentile(sorted_samples: Sequence[float], share: float) -> float:
    if not sorted_samples:
        return 0.0
    index = min(len(sorted_samples) - 1, int(len(sorted_samples) * share))
    return sorted_samples[index]


def evaluate(
    train_set: Sequence[Example], test_set: Sequence[Example], *, model: Classifier | None = None
) -> dict[str, Any]:
    """Train (unless `model` is given) and test. Labels need not be our problem types: the
    raw label of the classifier is compared, so BANKING77's 77 intents work too."""
    started = time.perf_counter()
    fitted = model or train(list(train_set))
    train_s = time.perf_counter() - started
    latencies: list[float] = []
    hits = 0
    per_class: dict[str, Counter[str]] = {}
    if test_set:
        read(fitted, test_set[0].text, threshold=0.0)  # load the word dictionary first
    for example in test_set:
        start = time.perf_counter()
        read(fitted, example.text, threshold=0.0)  # the whole reading, as production does it
        latencies.append((time.perf_counter() - start) * 1000)
        # The raw label (a foreign label set reads as "other" in a guess), outside the timing.
        label = fitted.ranked(example.text)[0][0]
        right = label == example.category
        hits += right
        per_class.setdefault(example.category, Counter())["n"] += 1
        per_class[example.category]["right"] += right
        per_class.setdefault(label, Counter())["predicted"] += 1
    latencies.sort()
    n = len(test_set)
    return {
        "accuracy": round(hits / n, 4) if n else 0.0,
        "n": n,
        "n_train": len(train_set),
        "p50_ms": round(percentile(latencies, 0.5), 3),
        "p99_ms": round(percentile(latencies, 0.99), 3),
        "train_s": round(train_s, 2),
        "per_class": {
            label: {
                "n": counts["n"],
                "recall": round(counts["right"] / counts["n"], 4) if counts["n"] else None,
                "precision": (
                    round(counts["right"] / counts["predicted"], 4) if counts["predicted"] else None
                ),
            }
            for label, counts in sorted(per_class.items())
        },
    }
