"""Demo phishing reports: a few confirmed (the check answers "reported" for them) and one new,
for the demo `security` user to confirm from the console."""

from __future__ import annotations

from walletdesk.identity.models import User
from walletdesk.safety.services import reported_value_decide
from walletdesk.security.contracts import Client
from walletdesk.security.reports import phishing_report_submit

# (category, value, what happened, reporter, confirmed?)
REPORTS = [
    (
        "link",
        "https://walletdesk-refund.top/claim",
        "短信说我的钱包被锁定，要点击链接登录解锁。",
        "reporter1@example.com",
        True,
    ),
    (
        "number",
        "+86 170 0000 8888",
        "A man called from this number, said he was WalletDesk support and asked for my SMS code.",
        "reporter2@example.com",
        True,
    ),
    (
        "account",
        "@WalletDesk_Kefu",
        "Telegram 上自称官方客服，让我转账到“安全账户”。",
        "+86 139 0000 0001",
        True,
    ),
    (
        "link",
        "http://wallet-desk.help/verify",
        "An email asked me to verify my account on this site.",
        "reporter3@example.com",
        False,
    ),
]


def seed_reports(security: User) -> int:
    for category, value, text, reporter, confirm in REPORTS:
        submitted = phishing_report_submit(
            category=category,
            values=[value],
            what_happened=text,
            client=Client(ip="192.0.2.10", user_agent="demo"),
            contact=reporter,
        )
        if confirm:
            for report in submitted.reports:
                reported_value_decide(report=report, confirm=True, by_user_id=security.pk)
    return len(REPORTS)
