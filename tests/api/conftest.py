"""Fixtures for API tests: tokens made through the service, clients that send them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from walletdesk.api.services import api_token_create
from walletdesk.identity.models import User


@pytest.fixture(autouse=True, scope="session")
def _static_root() -> None:
    """WhiteNoise warns (an error here) when STATIC_ROOT does not exist yet, as in the
    throwaway data directory of a test run."""
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture
def token_for(db: None) -> Callable[[User], str]:
    def make(user: User) -> str:
        return api_token_create(user=user, name="test")[1]

    return make


@pytest.fixture
def api_for(token_for: Callable[[User], str]) -> Callable[[User], Client]:
    """A client that sends `Authorization: Token <key>` for the user on every request."""

    def make(user: User) -> Client:
        return Client(HTTP_AUTHORIZATION=f"Token {token_for(user)}")

    return make


def error_of(response: Any) -> dict[str, Any]:
    """The `error` object of a JSON error response, after checking the envelope's shape."""
    body = response.json()
    assert set(body) == {"error"}, body
    error: dict[str, Any] = body["error"]
    assert isinstance(error["code"], str)
    assert error["code"]
    assert isinstance(error["message"], str)
    assert error["message"]
    return error
