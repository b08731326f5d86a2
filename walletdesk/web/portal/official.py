"""The operator's official support channels, as the portal shows them.

They come from the official-channel registry (`walletdesk.safety`, edited in the admin), so the
help centre always shows what verification will confirm. The words around them live in the
templates.
"""

from __future__ import annotations

from dataclasses import dataclass

from walletdesk.safety.models import ChannelKind
from walletdesk.safety.selectors import official_channels

SERVICE_HOURS = "09:00\u201321:00"  # daily, Beijing time; business-hours settings come later


@dataclass(frozen=True)
class OfficialContacts:
    phone_display: str = ""
    phone_dial: str = ""
    email: str = ""
    telegram: str = ""
    telegram_url: str = ""
    wechat_official_account: str = ""
    service_hours: str = SERVICE_HOURS


def official_contacts() -> OfficialContacts:
    """The first active channel of each kind, in one query."""
    first: dict[str, tuple[str, str]] = {}
    for channel in official_channels():
        first.setdefault(channel.kind, (channel.value, channel.normalized))
    phone, phone_dial = first.get(ChannelKind.PHONE, ("", ""))
    telegram, telegram_handle = first.get(ChannelKind.TELEGRAM, ("", ""))
    return OfficialContacts(
        phone_display=phone,
        phone_dial=phone_dial,
        email=first.get(ChannelKind.EMAIL, ("", ""))[0],
        telegram=telegram,
        telegram_url=f"https://t.me/{telegram_handle}" if telegram_handle else "",
        wechat_official_account=first.get(ChannelKind.WECHAT, ("", ""))[0],
    )
