"""The operator's official support channels, as the portal shows them.

These are facts about the demo operator (SPEC: "Demo data"), not translatable text: the words
around them live in the templates.
"""

from __future__ import annotations

from typing import Final

PHONE_DISPLAY: Final = "+86 400-800-8888"
PHONE_DIAL: Final = "+864008008888"
EMAIL: Final = "support@walletdesk.example"
TELEGRAM: Final = "@WalletDeskSupport"
TELEGRAM_URL: Final = "https://t.me/WalletDeskSupport"
WECHAT_OFFICIAL_ACCOUNT: Final = "WalletDesk钱包"
SERVICE_HOURS: Final = "09:00\u201321:00"  # with an en dash, as times are written
