"""Shared fixtures: people and tickets made through the same services the product uses."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

from walletdesk.core import ratelimit
from walletdesk.identity.models import Customer, Role, User
from walletdesk.identity.services import console_user_create, customer_create
from walletdesk.tickets.choices import Channel, ProblemType
from walletdesk.tickets.models import Ticket
from walletdesk.tickets.services import ticket_create

pytest_plugins = ["tests.browser_launch"]

PASSWORD = "correct-horse-battery-9"

# Property tests draw the same cases on every run, so CI never goes red on a lucky draw;
# `HYPOTHESIS_PROFILE=explore` draws fresh ones (and more) when hunting for bugs.
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
hypothesis_settings.register_profile("explore", max_examples=200, database=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
_seq = itertools.count(1)


@pytest.fixture(autouse=True)
def rate_limits() -> Iterator[ratelimit.MemoryStore]:
    """Fresh rate-limit counters for every test: the limiter's in-memory test double. (The
    Redis store itself is exercised by tests/security/test_rate_limits.py.)"""
    store = ratelimit.MemoryStore()
    ratelimit.install(store)
    yield store
    ratelimit.install(None)


@pytest.fixture
def make_customer(db: None) -> Callable[..., Customer]:
    def make(**kwargs: Any) -> Customer:
        n = next(_seq)
        kwargs.setdefault("display_name", f"Customer {n}")
        if "email" not in kwargs and "phone" not in kwargs:
            kwargs["email"] = f"customer{n}@example.com"
        kwargs.setdefault("password", PASSWORD)
        return customer_create(**kwargs)

    return make


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    def make(role: str = Role.AGENT, teams: tuple[str, ...] = ("frontline",), **kw: Any) -> User:
        kw.setdefault("username", f"{role}{next(_seq)}")
        return console_user_create(role=role, teams=teams, password=PASSWORD, **kw)

    return make


@pytest.fixture
def make_ticket(make_customer: Callable[..., Customer]) -> Callable[..., Ticket]:
    def make(**kwargs: Any) -> Ticket:
        if "requester" not in kwargs and "contact" not in kwargs:
            kwargs["requester"] = make_customer()
        kwargs.setdefault("channel", Channel.PORTAL)
        kwargs.setdefault("subject", "Top-up not credited")
        kwargs.setdefault("body", "I topped up 100 CNY but my balance did not change.")
        kwargs.setdefault("problem_type", ProblemType.TOPUP_NOT_CREDITED)
        return ticket_create(**kwargs)

    return make


@pytest.fixture
def official_registry(db: None) -> None:
    """The demo operator's official channels, as `seed-demo` registers them."""
    from walletdesk.demo.people import OFFICIAL_CHANNELS
    from walletdesk.safety.services import official_channel_register

    for kind, value, label, hours in OFFICIAL_CHANNELS:
        official_channel_register(kind=kind, value=value, label=label, service_hours=hours)


@pytest.fixture
def customer(make_customer: Callable[..., Customer]) -> Customer:
    return make_customer(display_name="王小明", email="xiaoming@example.com")


@pytest.fixture
def agent(make_user: Callable[..., User]) -> User:
    return make_user(Role.AGENT, ("frontline",), username="agent")


@pytest.fixture
def security_specialist(make_user: Callable[..., User]) -> User:
    return make_user(Role.SPECIALIST, ("security",), username="security")


@pytest.fixture
def supervisor(make_user: Callable[..., User]) -> User:
    return make_user(Role.SUPERVISOR, ("management",), username="supervisor")


# Browser tests run in a pytest run of their own (`pytest -m browser`; scripts/test.sh runs
# both). Playwright's sync API keeps an event loop running in the test thread for as long as it
# is started, and Django's ORM refuses to run beside a running loop: the browser run must lift
# that guard, and the main run must keep it, so that it still catches a consumer or task calling
# the ORM from async code.
BROWSER_FIXTURES = {
    "browser",
    "page",
    "context",
    "playwright",
    "portal_browser",
    "phone_browser",
    "phone",
}
_deselected_browser_tests: list[pytest.Item] = []


def _sqlite_test_database_on_disk() -> None:
    """SQLite's in-memory test database shares one cache between connections, where a writer
    locks whole tables and others fail at once ("database table is locked") instead of
    waiting. Browser tests that serve the ASGI application (live chat: sockets and pages at the
    same time, on threads of their own) need the file database the product runs on, where a
    busy connection waits its turn."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if "sqlite" in database["ENGINE"]:  # walletdesk.core.sqlite, Django's own underneath
        test = database.setdefault("TEST", {})
        test["NAME"] = str(settings.DATA_DIR / "browser-tests.sqlite3")


def _is_browser_test(item: pytest.Item) -> bool:
    return item.get_closest_marker("browser") is not None


@pytest.hookimpl(trylast=True)  # after `-m` and `-k` have chosen the tests of this run
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())) and not _is_browser_test(item):
            raise pytest.UsageError(f"{item.nodeid} drives a browser: mark it `browser`.")
    browser = [item for item in items if _is_browser_test(item)]
    if browser and len(browser) == len(items):
        # This process runs browser tests only. The tests' own ORM calls and pytest-django's
        # database set-up and flush run in Playwright's thread, beside its loop.
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        _sqlite_test_database_on_disk()
    elif browser:
        # Mixed in with the main suite they would run without the flag and fail; leave them to
        # their own run, and say so in the summary.
        _deselected_browser_tests.extend(browser)
        config.hook.pytest_deselected(items=browser)
        items[:] = [item for item in items if not _is_browser_test(item)]


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _deselected_browser_tests:
        terminalreporter.write_line(
            f"{len(_deselected_browser_tests)} browser tests left for their own run: "
            "pytest -m browser"
        )
