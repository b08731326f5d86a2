"""The widget's fixtures: a shared identity secret, an allowed embedding site, JSON posting."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

SECRET = "operator-shared-secret-for-tests-0123456789"
SITE = "https://shop.example"


@pytest.fixture(autouse=True)
def chat_settings(settings: Any) -> Any:
    settings.CHAT_IDENTITY_SECRET = SECRET
    settings.CHAT_ALLOWED_ORIGINS = [SITE, "http://localhost:8123"]
    settings.CHAT_HOURS = ""  # around the clock: the tests do not depend on the hour
    return settings


def post_start(client: Client, body: dict[str, Any] | str, **headers: Any) -> Any:
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post("/chat/start", data=data, content_type="application/json", **headers)
