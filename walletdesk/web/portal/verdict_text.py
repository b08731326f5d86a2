"""A verdict of the official-channel check in plain words, in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from walletdesk.safety.verify import Verdict, VerdictStatus

HEADLINES: dict[str, Promise] = {
    VerdictStatus.OFFICIAL: _("This is an official WalletDesk channel."),
    VerdictStatus.LOOKALIKE: _("Warning: this is NOT WalletDesk. It imitates one of our channels."),
    VerdictStatus.REPORTED: _("Danger: this has been reported and confirmed as fake."),
    VerdictStatus.UNKNOWN: _("This is not one of our official channels."),
}

ADVICE: dict[str, Promise] = {
    VerdictStatus.OFFICIAL: _(
        "Even on an official channel we never ask for your password, verification codes or "
        "recovery phrase. If someone does, stop and call us on the number on this site."
    ),
    VerdictStatus.LOOKALIKE: _(
        "Do not reply, do not click its links, do not call back, and never give a code or "
        "password. Report it to us, then contact us only through the official channel below."
    ),
    VerdictStatus.REPORTED: _(
        "Our security team has confirmed this is used by fraudsters. Do not reply and do not "
        "send money. If you already gave it any details, freeze your wallet and contact us."
    ),
    VerdictStatus.UNKNOWN: _(
        "Unknown does not mean safe. Do not give it any codes, passwords or money. If it says "
        "it is WalletDesk, report it and contact us through the channels on this site."
    ),
}

REASONS: dict[str, Promise] = {
    "registered": _("It is listed in our register of official channels."),
    "official_subdomain": _("It is an address under our official domain."),
    "official_domain": _("It is an address on our official domain."),
    "homoglyph": _(
        "It uses letters that only look like ours (for example a Cyrillic “а” or “1” for “l”)."
    ),
    "mixed_script": _("It mixes letters from different alphabets."),
    "punycode": _("It is written in punycode (xn--), which hides look-alike letters."),
    "fullwidth": _("It uses full-width letters that only look like ours."),
    "typosquat": _("It is one letter away from our name (added, dropped, swapped or doubled)."),
    "separators": _("It is our name with extra dots, dashes or underscores."),
    "extra_words": _("It adds words such as “support”, “help” or “客服” to our name."),
    "contains_official_name": _("It contains our name, but it is not ours."),
    "official_name_as_subdomain": _("Our name is only the first part of somebody else's address."),
    "official_name_in_path": _("Our name only appears after the address, on somebody else's site."),
    "official_name_in_userinfo": _(
        "Our name stands before an “@”: the link really goes to another site."
    ),
    "official_name_unregistered": _("It uses our name, but it is not a registered account."),
    "other_tld": _("It is our name with another ending (for example .com instead of ours)."),
    "official_name_in_address": _("It puts our name in front of somebody else's email domain."),
    "similar_number": _("It is one digit away from our phone number."),
    "other_country_code": _("It is our number with another country code."),
    "reported": _("Our security team confirmed a report about it."),
    "not_registered": _("It is not in our register of official channels."),
}


@dataclass(frozen=True)
class VerdictText:
    status: str
    headline: str
    advice: str
    reasons: tuple[str, ...]
    channel_kind: str
    channel_value: str
    channel_label: str


def verdict_explained(verdict: Verdict) -> VerdictText:
    channel = verdict.channel
    return VerdictText(
        status=str(verdict.status),
        headline=str(HEADLINES[verdict.status]),
        advice=str(ADVICE[verdict.status]),
        reasons=tuple(str(REASONS[code]) for code in verdict.reasons if code in REASONS),
        channel_kind=channel.kind if channel else "",
        channel_value=channel.value if channel else "",
        channel_label=channel.label if channel else "",
    )
