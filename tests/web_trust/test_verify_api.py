"""GET /api/v1/verify: public, the SPEC shape, rate-limited per client, never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

URL = "/api/v1/verify"


def test_an_official_number_answers_official_with_its_channel(client: Client) -> None:
    response = client.get(URL, {"value": "4008008888"})
    assert response.status_code == 200
    assert response.json() == {
        "status": "official",
        "channel": {
            "kind": "phone",
            "value": "+86 400-800-8888",
            "label": "Support hotline",
        },
        "reasons": ["registered"],
    }


def test_a_lookalike_domain_names_the_real_one(client: Client) -> None:
    body = client.get(URL, {"value": "https://walletdesk-support.example/login"}).json()
    assert body["status"] == "lookalike"
    assert body["channel"]["value"] == "walletdesk.example"
    assert "extra_words" in body["reasons"]


def test_unknown_has_no_channel(client: Client) -> None:
    body = client.get(URL, {"value": "example.org"}).json()
    assert body == {"status": "unknown", "channel": None, "reasons": ["not_registered"]}


def test_no_token_is_needed_and_a_bad_one_is_ignored(client: Client) -> None:
    response = client.get(URL, {"value": "@WalletDeskSupport"}, HTTP_AUTHORIZATION="Token nope")
    assert response.status_code == 200
    assert response.json()["status"] == "official"


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"value": ""},
        {"value": "   "},
        {"value": "x" * 10_000},
        {"value": "walletdesk\x00.example"},
        {"value": "wallet\x1b[31mdesk"},
        {"value": "\u202e\x7f"},
    ],
)
def test_junk_is_a_400_with_the_error_envelope(client: Client, params: dict[str, str]) -> None:
    response = client.get(URL, params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_value"
    assert error["fields"]["value"]


@pytest.mark.parametrize(
    "value", ["http://[::1", "xn--zz.example", "%00", "@", "http://a:b@", "😀" * 100, "a@b@c.d"]
)
def test_strange_but_readable_input_is_answered(client: Client, value: str) -> None:
    response = client.get(URL, {"value": value})
    assert response.status_code == 200
    assert response.json()["status"] in {"unknown", "lookalike"}


def test_the_rate_is_per_client_from_the_setting(client: Client, public_rate: Any) -> None:
    for _attempt in range(3):
        assert client.get(URL, {"value": "example.org"}).status_code == 200
    refused = client.get(URL, {"value": "example.org"})
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"
    other = client.get(URL, {"value": "example.org"}, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 200


def test_the_page_counts_against_the_same_allowance(client: Client, public_rate: Any) -> None:
    for _attempt in range(3):
        assert client.get("/verify/", {"value": "example.org"}).status_code == 200
    assert client.get(URL, {"value": "example.org"}).status_code == 429
    assert client.get("/verify/", {"value": "example.org"}).status_code == 429


def test_the_schema_documents_the_endpoint(client: Client) -> None:
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/verify"]["get"]
    assert operation["parameters"][0]["name"] == "value"
    assert operation["parameters"][0]["required"] is True
    assert {"200", "400", "429"} <= set(operation["responses"])
    verdict = schema["components"]["schemas"]["Verdict"]
    assert set(verdict["properties"]) == {"status", "channel", "reasons"}
