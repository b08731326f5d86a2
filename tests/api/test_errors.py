"""Every error leaves the API as JSON `{"error": {"code", "message"}}` with the right status."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.throttling import UserRateThrottle

from tests.api.conftest import error_of


@pytest.fixture
def api(api_for, supervisor):
    return api_for(supervisor)


def test_malformed_json_is_400(api):
    response = api.post(
        "/api/v1/tickets/", data='{"subject": "broken', content_type="application/json"
    )
    assert response.status_code == 400
    assert error_of(response)["code"] == "malformed_request"


def test_validation_errors_name_the_fields(api):
    response = api.post(
        "/api/v1/tickets/",
        data={"channel": "pigeon", "priority": "whenever"},
        content_type="application/json",
    )
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "validation_failed"
    assert {"channel", "priority", "subject", "body"} <= set(error["fields"])
    assert all(isinstance(m, str) for msgs in error["fields"].values() for m in msgs)


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/v1/nope/", "/api/", "/api/v2/tickets/"])
def test_unknown_routes_are_json_404(db, method, path):
    # Anonymous and without a CSRF token: the answer is still the JSON 404, not HTML or 403.
    response = getattr(Client(enforce_csrf_checks=True), method)(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert error_of(response)["code"] == "not_found"


def test_missing_trailing_slash_is_json_404(api):
    response = api.get("/api/v1/tickets")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_wrong_method_is_405(api, make_ticket):
    ticket = make_ticket()
    for method, path in [
        ("delete", f"/api/v1/tickets/{ticket.pk}/"),
        ("put", f"/api/v1/tickets/{ticket.pk}/"),
        ("patch", "/api/v1/tickets/"),
        ("post", "/api/v1/customers/1/"),
    ]:
        response = getattr(api, method)(path, data={}, content_type="application/json")
        assert response.status_code == 405, (method, path)
        assert error_of(response)["code"] == "method_not_allowed"


def test_unsupported_media_type_is_415(api):
    response = api.post("/api/v1/tickets/", data="subject=x", content_type="text/plain")
    assert response.status_code == 415
    assert error_of(response)["code"] == "unsupported_media_type"


def test_not_acceptable_is_406(api):
    response = api.get("/api/v1/tickets/", headers={"Accept": "text/html"})
    assert response.status_code == 406
    assert error_of(response)["code"] == "not_acceptable"


def test_unknown_ticket_is_404(api):
    response = api.get("/api/v1/tickets/999999/")
    assert response.status_code == 404
    assert error_of(response)["code"] == "ticket_not_found"


def test_ids_beyond_any_row_are_404_not_500(api):
    response = api.get(f"/api/v1/tickets/{2**70}/")
    assert response.status_code == 404
    response = api.get(f"/api/v1/tickets/{2**70}/messages/")
    assert response.status_code == 404
    response = api.get(f"/api/v1/customers/{2**70}/")
    assert response.status_code == 404


def test_messages_follow_the_request_language(api):
    zh = api.get("/api/v1/nope", headers={"Accept-Language": "zh-hans"})
    en = api.get("/api/v1/nope", headers={"Accept-Language": "en"})
    assert zh["Content-Language"] == "zh-hans"
    assert en["Content-Language"] == "en"
    assert error_of(en)["message"] == "There is nothing at this address."
    assert error_of(zh)["code"] == error_of(en)["code"]


def test_throttling_is_429_with_retry_after(api, monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "2/minute"})
    codes = [api.get("/api/v1/tickets/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    response = api.get("/api/v1/tickets/")
    assert response.status_code == 429
    assert error_of(response)["code"] == "rate_limited"
    assert int(response["Retry-After"]) > 0


def test_unexpected_errors_are_json_500_and_logged_without_their_message(api, monkeypatch, caplog):
    detail = "customer " + "xiaoming" + "@example.com"  # request data an exception might carry

    def broken(**_kwargs):
        raise RuntimeError(detail)

    monkeypatch.setattr("walletdesk.tickets.selectors.inbox", broken)
    response = api.get("/api/v1/tickets/")
    assert response.status_code == 500
    assert error_of(response)["code"] == "server_error"
    assert "xiaoming" not in response.content.decode()
    logged = [r for r in caplog.records if r.name == "walletdesk.api.errors"]
    assert len(logged) == 1
    assert "RuntimeError" in logged[0].getMessage()
    assert "TicketListView" in logged[0].getMessage()
    assert all("xiaoming" not in r.getMessage() for r in caplog.records)


def test_an_empty_format_names_no_format(api):
    response = api.get("/api/v1/tickets/?format=")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"
    assert api.get("/api/v1/tickets/?format=json").status_code == 200
