"""Fixtures for the official-channel check, reports and contact codes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings


@pytest.fixture(autouse=True)
def _static_root() -> None:
    """WhiteNoise warns (an error here) while STATIC_ROOT does not exist yet."""
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture(autouse=True)
def _registry(official_registry: None) -> None:
    """Every test here checks against the demo operator's official channels."""


@pytest.fixture
def public_rate(settings: Any) -> Any:
    settings.WALLETDESK_PUBLIC_API_RATE = "3/minute"
    return settings
