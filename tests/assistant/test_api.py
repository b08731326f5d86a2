"""POST /api/v1/assistant/classify: public, the SPEC shape, rate-limited per client, never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

URL = "/api/v1/assistant/classify"


def _post(client: Client, body: Any, **extra: Any) -> Any:
    return client.post(URL, body, content_type="application/json", **extra)


def test_a_message_answers_the_guess_in_the_spec_shape(client: Client) -> None:
    response = _post(client, {"text": "I topped up 100 CNY but my balance did not change"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "problem_type",
        "confidence",
        "language",
        "flow",
        "articles",
        "handover",
        "wants_person",
    }
    assert body["problem_type"] == "topup_not_credited"
    assert 0 <= body["confidence"] <= 1
    assert body["language"] == "en"
    assert body["flow"] == {
        "code": "diagnosis",
        "url": "http://127.0.0.1:8000/contact/?problem_type=topup_not_credited",
    }
    assert body["articles"]
    for article in body["articles"]:
        assert set(article) == {"slug", "title", "summary", "url"}
        assert article["url"] == f"http://127.0.0.1:8000/help/articles/{article['slug']}/?lang=en"
    assert body["handover"] is False
    assert body["wants_person"] is False


def test_flows_point_to_their_portal_pages(client: Client) -> None:
    stolen = _post(client, {"text": "我的钱包被盗了", "lang": "zh-hans"}).json()
    assert stolen["flow"] == {"code": "freeze", "url": "http://127.0.0.1:8000/security/freeze/"}
    assert stolen["articles"][0]["url"].endswith("?lang=zh-hans")
    reset = _post(client, {"text": "forgot my password"}).json()
    assert reset["flow"]["url"] == "http://127.0.0.1:8000/password/forgot/"


def test_the_lang_hint_decides_the_articles_language(client: Client) -> None:
    body = _post(client, {"text": "my wallet was stolen", "lang": "zh-hans"}).json()
    assert body["language"] == "zh-hans"
    assert all(a["url"].endswith("?lang=zh-hans") for a in body["articles"])


def test_asking_for_a_person_hands_over(client: Client) -> None:
    body = _post(client, {"text": "talk to a human please"}).json()
    assert body["wants_person"] is True
    assert body["handover"] is True


def test_no_token_is_needed_and_a_bad_one_is_ignored(client: Client) -> None:
    response = _post(client, {"text": "忘记密码"}, HTTP_AUTHORIZATION="Token nope")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"text": ""},
        {"text": "   "},
        {"text": 42},
        {"text": None},
        {"text": "x" * 2001},
        {"text": "hello", "lang": "fr"},
        {"text": "hello", "lang": 1},
        ["text"],
        "text",
    ],
)
def test_bad_input_is_a_400_with_the_error_envelope(client: Client, body: Any) -> None:
    response = _post(client, body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"]
    assert error["message"]


def test_two_thousand_characters_are_accepted(client: Client) -> None:
    assert _post(client, {"text": "我的钱包被盗了" + "啊" * 1993}).status_code == 200


def test_broken_json_is_a_400(client: Client) -> None:
    response = client.post(URL, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"]


def test_the_rate_is_per_client_from_the_public_setting(client: Client, settings: Any) -> None:
    settings.WALLETDESK_PUBLIC_API_RATE = "3/minute"
    for _attempt in range(3):
        assert _post(client, {"text": "忘记密码"}).status_code == 200
    refused = _post(client, {"text": "忘记密码"})
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"
    assert _post(client, {"text": "忘记密码"}, REMOTE_ADDR="203.0.113.9").status_code == 200
    # The public allowance is one per client: the official-channel check shares it.
    assert client.get("/api/v1/verify", {"value": "example.org"}).status_code == 429


def test_the_schema_documents_the_endpoint(client: Client) -> None:
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/assistant/classify"]["post"]
    assert {"200", "400", "429"} <= set(operation["responses"])
    assert operation.get("security") in ([], [{}], None) or operation["security"] == []
    request = schema["components"]["schemas"]["ClassifyRequestRequest"]
    assert request["required"] == ["text"]
    assert request["properties"]["text"]["maxLength"] == 2000
    guess = schema["components"]["schemas"]["Guess"]
    assert set(guess["properties"]) == {
        "problem_type",
        "confidence",
        "language",
        "flow",
        "articles",
        "handover",
        "wants_person",
    }
