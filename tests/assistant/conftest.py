"""The production classifier, trained once for the whole test session (as once per process)."""

from __future__ import annotations

import pytest

from walletdesk.assistant.engine import classifier
from walletdesk.assistant.model import Classifier


@pytest.fixture(scope="session")
def model() -> Classifier:
    return classifier()
