"""The demo's reports: what README's "Try it" promises."""

from __future__ import annotations

import pytest

from walletdesk.demo.seed import seed_demo
from walletdesk.safety.models import ReportedValue
from walletdesk.safety.verify import channel_verify

pytestmark = pytest.mark.django_db


def test_the_demo_has_confirmed_and_pending_reports() -> None:
    seed_demo()
    for value in ("https://walletdesk-refund.top/claim", "+86 170 0000 8888", "@WalletDesk_Kefu"):
        assert channel_verify(value).status == "reported", value
    assert channel_verify("http://wallet-desk.help/verify").status == "lookalike"
    assert ReportedValue.objects.filter(state="new").count() == 1
    for value in ("400 800 8888", "support@walletdesk.example", "@WalletDeskSupport"):
        assert channel_verify(value).status == "official", value
    assert channel_verify("example.org").status == "unknown"
