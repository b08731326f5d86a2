"""The stable codes shared by every app (see the package docstring)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    PORTAL = "portal", _("Help centre form")
    CHAT = "chat", _("Live chat")
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")
    TELEGRAM = "telegram", _("Telegram")
    WECHAT = "wechat", _("WeChat")
    WHATSAPP = "whatsapp", _("WhatsApp")
    MESSENGER = "messenger", _("Messenger")
    API = "api", _("API")


class ProblemType(models.TextChoices):
    ACCOUNT_STOLEN = "account_stolen", _("Wallet stolen / account compromised")
    PASSWORD_RESET = "password_reset", _("Forgot password / cannot sign in")
    TWO_FACTOR = "two_factor", _("Two-factor verification")
    TOPUP_NOT_CREDITED = "topup_not_credited", _("Top-up not credited")
    TRANSACTION_FAILED = "transaction_failed", _("Transaction failed")
    PAYMENT_METHOD = "payment_method", _("Payment method problem")
    MERCHANT_ISSUE = "merchant_issue", _("Merchant issue / refund")
    ACCOUNT_FROZEN = "account_frozen", _("Account frozen / unfreeze")
    PHISHING_REPORT = "phishing_report", _("Phishing or scam report")
    IDENTITY_VERIFICATION = "identity_verification", _("Identity verification")
    FEES_LIMITS = "fees_limits", _("Fees and limits")
    OTHER = "other", _("Other")


MONEY_PROBLEMS = frozenset(
    {
        ProblemType.TOPUP_NOT_CREDITED,
        ProblemType.TRANSACTION_FAILED,
        ProblemType.PAYMENT_METHOD,
        ProblemType.MERCHANT_ISSUE,
    }
)


class Priority(models.IntegerChoices):
    LOW = 10, _("Low")
    NORMAL = 20, _("Normal")
    HIGH = 30, _("High")
    URGENT = 40, _("Urgent")
    CRITICAL = 50, _("Critical")


class Language(models.TextChoices):
    ZH_HANS = "zh-hans", "简体中文"
    EN = "en", "English"
