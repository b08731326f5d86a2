"""Official-channel verification against the demo registry (SPEC.md): walletdesk.example,
support@walletdesk.example, +86 400-800-8888, @WalletDeskSupport, WalletDesk钱包."""

from __future__ import annotations

import pytest

from walletdesk.safety.models import ReportCategory
from walletdesk.safety.services import (
    OfficialCannotBeReported,
    reported_value_create,
    reported_value_decide,
)
from walletdesk.safety.verify import ValueInvalid, channel_verify

pytestmark = pytest.mark.usefixtures("official_registry")

OFFICIAL = [
    # phones, in any spelling
    ("+86 400-800-8888", "phone"),
    ("4008008888", "phone"),
    ("400 800 8888", "phone"),
    ("008640080088 88", "phone"),
    ("＋８６ ４００-８００-８８８８", "phone"),  # full-width digits are the same number
    ("(400) 800-8888", "phone"),
    ("tel:+864008008888", "phone"),
    ("https://wa.me/864008008888", "phone"),
    # email
    ("support@walletdesk.example", "email"),
    ("Support@WalletDesk.Example", "email"),
    ("mailto:support@walletdesk.example", "email"),
    ("help@walletdesk.example", "domain"),  # any address on the official domain
    # domains and URLs
    ("walletdesk.example", "domain"),
    ("WWW.WalletDesk.Example", "domain"),
    ("https://walletdesk.example/login?next=/wallet", "domain"),
    ("help.walletdesk.example", "domain"),
    ("https://help.walletdesk.example/articles/1", "domain"),
    ("walletdesk.example.", "domain"),
    ("walletdesk.example:443/anything", "domain"),
    # handles and account names
    ("@WalletDeskSupport", "telegram"),
    ("@walletdesksupport", "telegram"),
    ("https://t.me/WalletDeskSupport", "telegram"),
    ("t.me/walletdesksupport", "telegram"),
    ("WalletDesk钱包", "wechat"),
]

LOOKALIKE = [
    # domains: homoglyphs, mixed scripts, punycode, full width
    ("wаlletdesk.example", "homoglyph"),  # Cyrillic а
    ("walletdеsk.example", "homoglyph"),  # Cyrillic е
    ("wαlletdesk.example", "homoglyph"),  # Greek alpha
    ("xn--wlletdesk-0yh.example", "punycode"),  # punycode of a Cyrillic spelling
    ("wa11etdesk.example", "homoglyph"),  # digit one for l
    ("WaIletDesk.example", "homoglyph"),  # capital I for l
    ("walletdesk.examp1e", "homoglyph"),
    ("wallëtdesk.example", "homoglyph"),
    ("waiietdesk.example", "homoglyph"),
    ("walletdesk.exarnple", "homoglyph"),  # rn for m
    ("ｗａｌｌｅｔｄｅｓｋ.example", "fullwidth"),
    ("walletdesk。example", "fullwidth"),  # an ideographic full stop: no link of ours has one
    # typosquats: one letter added, dropped, swapped, doubled
    ("waletdesk.example", "typosquat"),
    ("walletdeks.example", "typosquat"),
    ("wallettdesk.example", "typosquat"),
    ("walletdesks.example", "typosquat"),
    ("walletdisk.example", "typosquat"),
    # extra words
    ("walletdesk-support.example", "extra_words"),
    ("walletdesk-help.com", "extra_words"),
    ("walletdeskservice.net", "extra_words"),
    ("kefu-walletdesk.cn", "extra_words"),
    ("wa11etdesk-support.example", "homoglyph"),
    ("walletdesk客服.com", "extra_words"),
    ("official-walletdesk.top", "extra_words"),
    ("https://walletdesk-login.example.xyz/verify", "extra_words"),
    # our name elsewhere
    ("walletdesk.example.evil.com", "official_name_as_subdomain"),
    ("https://walletdesk.evil.com/reset", "official_name_as_subdomain"),
    ("evil.com/walletdesk.example", "official_name_in_path"),
    ("https://evil.com/#walletdesk.example", "official_name_in_path"),
    ("help.walletdesk.example.evil.com", "official_name_as_subdomain"),
    ("http://192.0.2.7/walletdesk/login", "official_name_in_path"),
    ("https://evil.com/login?site=walletdesk", "official_name_in_path"),
    ("https://walletdesk.example@evil.com/", "official_name_in_userinfo"),
    ("walletdesk.com", "other_tld"),
    ("www.walletdesk.com.cn", "other_tld"),
    ("wallet-desk.example", "separators"),
    # email addresses
    ("support@walletdesk-help.com", "extra_words"),
    ("support@wa11etdesk.example", "homoglyph"),
    ("walletdesk.support@gmail.com", "official_name_in_address"),
    ("kefu@walletdesk.com", "other_tld"),
    # phones
    ("+86 400-800-8889", "similar_number"),
    ("400-800-8868", "similar_number"),
    ("+1 400-800-8888", "other_country_code"),
    # handles
    ("@WalletDesk_Support", "separators"),
    ("@WaIletDeskSupport", "homoglyph"),
    ("@WalletDeskSupp0rt", "homoglyph"),
    ("@WalletDeskSuport", "typosquat"),
    ("@WalletDeskSupport_Official", "extra_words"),
    ("@WalletDeskHelp", "extra_words"),
    ("https://t.me/walletdesk_kefu", "extra_words"),
    ("@ＷalletDeskSupport", "fullwidth"),
    ("@wаlletdesksupport", "homoglyph"),  # Cyrillic а
    ("WalletDesk客服", "extra_words"),
    ("WalletDesk官方客服", "extra_words"),
    ("WaIletDesk钱包", "homoglyph"),
    ("@WalletDesk", "official_name_unregistered"),
]

UNKNOWN = [
    "example.org",
    "https://www.python.org/downloads/",
    "friend@example.com",
    "+86 138 0013 8000",
    "12345",
    "@SomebodyElse",
    "张三的小店",
    "desk.example",
]


@pytest.mark.parametrize(("value", "kind"), OFFICIAL)
def test_official_channels_in_any_spelling_are_official(value: str, kind: str) -> None:
    verdict = channel_verify(value)
    assert verdict.status == "official", verdict
    assert verdict.channel is not None
    assert verdict.channel.kind == kind


@pytest.mark.parametrize(("value", "reason"), LOOKALIKE)
def test_lookalikes_are_caught_with_their_reason(value: str, reason: str) -> None:
    verdict = channel_verify(value)
    assert verdict.status == "lookalike", verdict
    assert reason in verdict.reasons, verdict
    assert verdict.channel is not None


@pytest.mark.parametrize("value", UNKNOWN)
def test_anything_else_is_unknown_never_safe(value: str) -> None:
    verdict = channel_verify(value)
    assert verdict.status == "unknown", verdict
    assert verdict.channel is None
    assert verdict.reasons == ("not_registered",)


def test_there_are_at_least_forty_cases() -> None:
    assert len(OFFICIAL) + len(LOOKALIKE) + len(UNKNOWN) >= 40


def test_lookalike_names_the_channel_it_imitates() -> None:
    wechat = channel_verify("WalletDesk客服")
    assert wechat.channel is not None
    assert wechat.channel.kind == "wechat"
    verdict = channel_verify("@WalletDesk_Support")
    assert verdict.channel is not None
    assert (verdict.channel.kind, verdict.channel.value) == ("telegram", "@WalletDeskSupport")
    phone = channel_verify("+86 400-800-8889")
    assert phone.channel is not None
    assert phone.channel.value == "+86 400-800-8888"


@pytest.mark.parametrize("junk", ["", "   ", "x" * 501, "walletdesk\x00.example", "a\x1bb", "\x7f"])
def test_junk_is_refused_as_invalid(junk: str) -> None:
    with pytest.raises(ValueInvalid):
        channel_verify(junk)


@pytest.mark.parametrize(
    "junk", ["http://[::1", "http://host:99999/", "@", "a@b", "..", "http://", "xn--.com", "%%%"]
)
def test_odd_but_readable_input_gets_an_answer(junk: str) -> None:
    assert channel_verify(junk).status in {"unknown", "lookalike"}


def test_a_confirmed_report_answers_reported_in_every_spelling() -> None:
    report = reported_value_create(
        value="https://Fake-Wallet-Refund.top/claim", category=ReportCategory.LINK, ticket_id=1
    )
    assert channel_verify("fake-wallet-refund.top").status == "unknown"
    reported_value_decide(report=report, confirm=True, by_user_id=7)
    for spelling in ("fake-wallet-refund.top", "https://www.FAKE-wallet-refund.top/other"):
        verdict = channel_verify(spelling)
        assert verdict.status == "reported", spelling
        assert "reported" in verdict.reasons


def test_a_confirmed_lookalike_report_keeps_the_channel_it_imitates() -> None:
    report = reported_value_create(
        value="+86 400-800-8889", category=ReportCategory.NUMBER, ticket_id=1
    )
    reported_value_decide(report=report, confirm=True, by_user_id=7)
    verdict = channel_verify("4008008889")
    assert verdict.status == "reported"
    assert verdict.channel is not None
    assert verdict.reasons == ("similar_number", "reported")


def test_a_rejected_report_changes_nothing() -> None:
    report = reported_value_create(value="@SomebodyElse", category="account", ticket_id=1)
    reported_value_decide(report=report, confirm=False, by_user_id=7)
    assert channel_verify("@somebodyelse").status == "unknown"


def test_an_official_channel_can_never_be_marked_reported() -> None:
    report = reported_value_create(value="400 800 8888", category="number", ticket_id=1)
    with pytest.raises(OfficialCannotBeReported):
        reported_value_decide(report=report, confirm=True, by_user_id=7)
    report.refresh_from_db()
    assert report.state == "new"
    assert channel_verify("+86 400-800-8888").status == "official"
