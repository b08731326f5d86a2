"""One check per kind of answer: parse what a form, chat or phone sends into a typed value, or
raise `Invalid` with a message for the customer in the active language.

`walletdesk.intake.answers.intake_validate` runs these field by field and collects every
message, so a customer fixes everything in one go.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Final
from zoneinfo import ZoneInfo

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from walletdesk.core.errors import ValidationFailed
from walletdesk.identity.identifiers import normalise_email, normalise_phone
from walletdesk.wallet.contracts import ASSET_PRECISION, Asset, Money

BEIJING: Final = ZoneInfo("Asia/Shanghai")
FUTURE_TOLERANCE: Final = timedelta(minutes=5)  # a phone clock a little ahead is not an error
MAX_RANGE: Final = timedelta(days=31)

# The sandbox's networks and what travels on them; an operator's core would say the same.
NETWORK_ASSETS: Final[dict[str, frozenset[Asset]]] = {
    "bitcoin": frozenset({Asset.BTC}),
    "ethereum": frozenset({Asset.USDT}),
    "tron": frozenset({Asset.USDT}),
}
# As people call them, not the wallet core's codes.
NETWORK_NAMES: Final[dict[str, Promise]] = {
    "bitcoin": gettext_lazy("Bitcoin"),
    "ethereum": gettext_lazy("Ethereum (ERC-20)"),
    "tron": gettext_lazy("TRON (TRC-20)"),
}
CRYPTO_ASSETS: Final = frozenset({Asset.USDT, Asset.BTC})
_HASH_FORMATS: Final[dict[str, re.Pattern[str]]] = {
    "bitcoin": re.compile(r"[0-9a-f]{64}"),
    "tron": re.compile(r"[0-9a-f]{64}"),
    "ethereum": re.compile(r"0x[0-9a-f]{64}"),
}
_DATETIME_FORMATS: Final = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M")


class Invalid(Exception):
    """One answer that cannot be accepted; `message` is already in the active language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def clean_text(raw: str) -> str:
    """NFKC (full-width digits and letters become plain ones) and trimmed."""
    return unicodedata.normalize("NFKC", raw).strip()


def text(raw: str, *, max_length: int, choices: Collection[str] = ()) -> str:
    value = clean_text(raw)
    if len(value) > max_length:
        raise Invalid(_("Please keep this to at most {limit} characters.").format(limit=max_length))
    if choices and value not in choices:
        raise Invalid(_("Please choose one of the options."))
    return value


def currency(raw: str) -> Asset:
    try:
        return Asset(clean_text(raw).upper())
    except ValueError as exc:
        raise Invalid(_("Please choose one of the options.")) from exc


def amount(raw: str, asset: Asset) -> Money:
    """Exactly what was typed, in the currency's minor units. "1,000.50" and "１００" are read;
    more decimals than the currency has is refused rather than rounded."""
    cleaned = clean_text(raw).replace(",", "").replace(" ", "")
    try:
        number = Decimal(cleaned)
    except InvalidOperation as exc:
        raise Invalid(_("Please enter the amount as a number, e.g. 100.00.")) from exc
    if not number.is_finite():
        raise Invalid(_("Please enter the amount as a number, e.g. 100.00."))
    try:
        money = Money.from_decimal(number, asset)
    except ValueError as exc:
        raise Invalid(
            _("{currency} amounts have at most {places} decimal places.").format(
                currency=asset.value, places=ASSET_PRECISION[asset]
            )
        ) from exc
    if money.amount_minor <= 0:
        raise Invalid(_("The amount must be more than zero."))
    return money


def moment(raw: str, *, now: datetime, end_of_day: bool = False) -> datetime:
    """A time as an HTML datetime-local input sends it ("2025-03-14T10:30"), with seconds or a
    space, an ISO offset, or a date alone (the day's start, or its end for `end_of_day`).
    Naive times are Beijing time. Never in the future."""
    value = clean_text(raw).replace("/", "-")
    parsed = _parse(value)
    if parsed is None:
        raise Invalid(_("Please enter a date and time, e.g. 2025-03-14 10:30."))
    if isinstance(parsed, datetime):
        aware = parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=BEIJING)
    else:
        start = datetime.combine(parsed, time.min, tzinfo=BEIJING)
        aware = min(start + timedelta(days=1, seconds=-1), now) if end_of_day else start
    if aware > now + FUTURE_TOLERANCE:
        raise Invalid(_("This time is in the future. Please check the date and time."))
    return aware


def _parse(value: str) -> datetime | date | None:
    for pattern in _DATETIME_FORMATS:
        try:
            return datetime.strptime(value, pattern).replace(tzinfo=BEIJING)
        except ValueError:
            continue
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def period_end(start: datetime, end: datetime) -> datetime:
    if end <= start:
        raise Invalid(_("The end of the period must be after its start."))
    if end - start > MAX_RANGE:
        raise Invalid(_("The period can be at most {days} days long.").format(days=MAX_RANGE.days))
    return end


def network(raw: str, asset: Asset | None) -> str:
    value = clean_text(raw).lower()
    if value not in NETWORK_ASSETS:
        raise Invalid(_("Please choose one of the options."))
    if asset is not None and asset not in NETWORK_ASSETS[value]:
        fitting = [
            str(NETWORK_NAMES[code]) for code, fits in NETWORK_ASSETS.items() if asset in fits
        ]
        if not fitting:
            raise Invalid(_("{currency} is not sent on a blockchain.").format(currency=asset.value))
        raise Invalid(
            _("{currency} is not sent on {network}; it uses {networks}.").format(
                currency=asset.value, network=NETWORK_NAMES[value], networks=" / ".join(fitting)
            )
        )
    return value


def tx_hash(raw: str, network_code: str) -> str:
    """Lower-cased: hex is case-insensitive and the wallet core compares lower case."""
    value = clean_text(raw).lower()
    if network_code == "ethereum":
        if not _HASH_FORMATS["ethereum"].fullmatch(value):
            raise Invalid(
                _("An Ethereum transaction hash is 0x followed by 64 characters (0-9, a-f).")
            )
        return value
    if network_code in _HASH_FORMATS:
        if not _HASH_FORMATS[network_code].fullmatch(value):
            raise Invalid(_("This transaction hash should be 64 characters (0-9, a-f)."))
        return value
    if not any(pattern.fullmatch(value) for pattern in _HASH_FORMATS.values()):
        raise Invalid(_("This does not look like a transaction hash."))
    return value


def address(raw: str, *, max_length: int) -> str:
    value = text(raw, max_length=max_length)
    if any(ch.isspace() for ch in value):
        raise Invalid(_("An address has no spaces."))
    return value


def identifier(raw: str) -> str:
    """An email (normalised) or a phone in E.164, by the same rules as signing in."""
    value = clean_text(raw)
    try:
        return normalise_email(value) if "@" in value else normalise_phone(value)
    except ValidationFailed as exc:
        raise Invalid(str(exc.message)) from exc


def one_of(raw: str, allowed: Collection[str], message: str) -> str:
    value = clean_text(raw)
    if value not in allowed:
        raise Invalid(message)
    return value
