"""Every error a person can reach has the product's own page, in their language, in the portal's
or the console's look; API paths keep the API's JSON shape."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client, RequestFactory

from walletdesk.identity.models import User
from walletdesk.web import errors


def _assert_own_page(response: Any, *, status: int, look: str, lang: str) -> str:
    page: str = response.content.decode()
    assert response.status_code == status
    assert f'<html lang="{lang}">' in page
    assert f'data-status="{status}"' in page
    assert "/static/web/app.css" in page
    assert look in page
    # Nothing of Django's bare pages.
    for bare in ("CSRF verification failed", "Page not found", "Server Error (500)", "Traceback"):
        assert bare not in page
    return page


@pytest.mark.django_db
def test_unknown_portal_page_is_the_help_centres_404_in_english(english: Client) -> None:
    response = english.get("/no-such-page/")

    page = _assert_own_page(response, status=404, look="Help centre", lang="en")
    assert "We could not find that page." in page
    assert 'href="/"' in page


@pytest.mark.django_db
def test_unknown_portal_page_is_in_chinese_by_default(client: Client) -> None:
    response = client.get("/tickets/999999/nothing/")

    page = _assert_own_page(response, status=404, look="帮助中心", lang="zh-hans")
    assert "找不到该页面。" in page


@pytest.mark.django_db
def test_console_and_admin_404s_use_the_console_look(client: Client, agent: User) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(agent)

    console = _assert_own_page(
        client.get("/console/no-such-page/"), status=404, look="Agent console", lang="en"
    )
    assert 'href="/console/"' in console

    agent.is_staff = agent.is_superuser = True
    agent.save()
    admin = client.get("/admin/identity/no-such-model/")
    _assert_own_page(admin, status=404, look="Agent console", lang="en")


@pytest.mark.django_db
def test_csrf_failure_is_a_page_that_says_what_to_do() -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = browser.post("/login/", {"identifier": "a@example.com", "password": "x"})

    page = _assert_own_page(response, status=403, look="Help centre", lang="en")
    assert "This form has expired." in page
    assert "reload the page" in page


@pytest.mark.django_db
def test_csrf_failure_in_the_console_uses_the_console_look() -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = browser.post("/console/login/", {"username": "agent", "password": "x"})

    _assert_own_page(response, status=403, look="Agent console", lang="en")


@pytest.mark.django_db
def test_403_page_in_both_looks(rf: RequestFactory, agent: User) -> None:
    from django.contrib.auth.models import AnonymousUser
    from django.utils import translation

    with translation.override("en"):
        request = rf.get("/console/tickets/1/")
        request.user = agent
        console = _assert_own_page(
            errors.forbidden(request), status=403, look="Agent console", lang="en"
        )
        assert "You may not open this page." in console

        request = rf.get("/tickets/1/")
        request.user = AnonymousUser()
        _assert_own_page(errors.forbidden(request), status=403, look="Help centre", lang="en")


def test_500_page_needs_no_database_and_no_request_context(rf: RequestFactory) -> None:
    """No django_db mark: any query here would raise. The request has no session or user."""
    from django.utils import translation

    with translation.override("en"):
        portal = errors.server_error(rf.get("/contact/"))
        console = errors.server_error(rf.get("/console/tickets/3/"))

    page = _assert_own_page(portal, status=500, look="Help centre", lang="en")
    assert "Something went wrong on our side." in page
    assert "emergency line" in page
    _assert_own_page(console, status=500, look="Agent console", lang="en")
    with translation.override("zh-hans"):
        chinese = errors.server_error(rf.get("/"))
    assert '<html lang="zh-hans">' in chinese.content.decode()


@pytest.mark.django_db
def test_api_paths_keep_the_api_error_shape(client: Client) -> None:
    response = client.get("/api/v1/no-such-endpoint/")

    assert response.status_code == 404
    assert response.json()["error"]["code"] in {"not_found"}


def test_favicon_is_served(client: Client) -> None:
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"] == "/static/web/favicon.svg"
    assert b"<svg" in b"".join(client.get(response["Location"]).streaming_content)  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_a_request_for_another_host_is_a_400_page_not_djangos(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get("/contact/", HTTP_HOST="not-our-host.example")

    page = _assert_own_page(response, status=400, look="Help centre", lang="en")
    assert "We could not read that request." in page
    assert "Bad Request (400)" not in page
