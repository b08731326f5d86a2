"""The customer's download at /security/evidence/: signed in, confirmed (step-up), a period
checked in both languages, one ZIP, and the download recorded (audit + security event)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.evidence.conftest import PERIOD, Story, open_bundle
from tests.web_portal.conftest import sign_in, switch_language
from walletdesk.audit.models import AuditEntry
from walletdesk.core.errors import NotFound
from walletdesk.identity.models import Customer
from walletdesk.security.evidence.services import evidence_bundle_build, today_in_beijing
from walletdesk.security.models import SecurityEvent, SecurityEventKind

pytestmark = pytest.mark.django_db
URL = "/security/evidence/"
PERIOD_FORM = {"period_start": PERIOD[0].isoformat(), "period_end": PERIOD[1].isoformat()}


def confirm(client: Client) -> None:
    response = client.post(reverse("portal:security-confirm"), {"password": PASSWORD, "next": URL})
    assert response.status_code == 302
    assert response["Location"] == URL


@pytest.fixture
def confirmed(client: Client, story: Story) -> Client:
    sign_in(client, story.customer)
    confirm(client)
    return client


def test_the_url_is_named() -> None:
    assert reverse("portal:evidence") == URL


def test_signed_out_goes_to_sign_in(client: Client, db: None) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_a_download_needs_a_fresh_confirmation(client: Client, story: Story) -> None:
    sign_in(client, story.customer)
    for response in (client.get(URL), client.post(URL, PERIOD_FORM)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("portal:security-confirm"))
    assert not AuditEntry.objects.filter(action="evidence.download").exists()


def test_the_page_offers_the_last_30_days(confirmed: Client) -> None:
    page = confirmed.get(URL).content.decode()
    today = today_in_beijing()
    assert f'value="{today.isoformat()}"' in page
    assert f'value="{(today - dt.timedelta(days=29)).isoformat()}"' in page
    assert "报警材料" in page
    assert "身份证" in page  # what to bring to the police


def test_the_customer_downloads_one_zip_and_it_is_recorded(confirmed: Client, story: Story) -> None:
    response = confirmed.post(URL, PERIOD_FORM)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="walletdesk-evidence-')
    assert response["Cache-Control"] == "no-store"
    opened = open_bundle(response.content)
    assert len(opened.data["transactions"]["items"]) == 4
    digest = hashlib.sha256(response.content).hexdigest()
    (entry,) = AuditEntry.objects.filter(action="evidence.download")
    assert entry.actor == f"customer:{story.customer.pk}"
    assert entry.target == f"customer:{story.customer.pk}"
    assert entry.data["sha256"] == digest
    assert entry.data["period_start"] == "2026-02-20"
    assert entry.data["period_end"] == "2026-03-10"
    assert entry.data["by"] == "customer"
    assert "xiaoming" not in str(entry.data)
    event = SecurityEvent.objects.get(
        customer=story.customer, kind=SecurityEventKind.EVIDENCE_DOWNLOADED
    )
    assert event.data["sha256"] == digest
    assert event.data["by"] == "customer"


def test_each_download_is_recorded(confirmed: Client) -> None:
    for _ in range(2):
        assert confirmed.post(URL, PERIOD_FORM).status_code == 200
    assert AuditEntry.objects.filter(action="evidence.download").count() == 2


@pytest.mark.parametrize(
    ("language", "form", "message"),
    [
        (
            "en",
            {"period_start": "2026-03-01", "period_end": "2099-01-01"},
            "cannot be in the future",
        ),
        ("zh-hans", {"period_start": "2026-03-01", "period_end": "2099-01-01"}, "不能晚于今天"),
        ("en", {"period_start": "2025-01-01", "period_end": "2026-03-01"}, "at most 180 days"),
        (
            "zh-hans",
            {"period_start": "2025-01-01", "period_end": "2026-03-01"},
            "最多只能选择 180 天",
        ),
        ("en", {"period_start": "2026-03-10", "period_end": "2026-03-01"}, "on or before"),
        ("zh-hans", {"period_start": "2026-03-10", "period_end": "2026-03-01"}, "开始日期不能晚于"),
        ("en", {"period_start": "yesterday", "period_end": "2026-03-01"}, "like 2026-03-01"),
        ("zh-hans", {"period_start": "", "period_end": "2026-03-01"}, "请选择开始日期"),
        ("en", {"period_start": "2026-02-30", "period_end": "\x00"}, "like 2026-03-01"),
    ],
)
def test_a_bad_period_is_explained_in_the_customers_language(
    confirmed: Client, language: str, form: dict[str, str], message: str
) -> None:
    switch_language(confirmed, language)
    confirm(confirmed)
    response = confirmed.post(URL, form)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AuditEntry.objects.filter(action="evidence.download").exists()


def test_a_customer_gets_only_their_own_bundle(
    story: Story, make_customer: Callable[..., Customer]
) -> None:
    stranger = make_customer(display_name="李四")
    with pytest.raises(NotFound):
        evidence_bundle_build(
            customer=story.customer,
            period_start=PERIOD[0],
            period_end=PERIOD[1],
            requested_by=stranger,
        )


def test_the_wallet_page_links_to_the_bundle(client: Client, story: Story) -> None:
    sign_in(client, story.customer)
    assert URL in client.get("/wallet/").content.decode()
