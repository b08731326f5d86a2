"""What a typed value is (phone number, email address, web address, account name) and its one
normalised spelling, read without trusting it: NFKC first, URLs with `urllib`, punycode decoded.
"""

from __future__ import annotations

import re
import unicodedata
from contextlib import suppress
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import unquote, urlsplit

from django.utils.translation import gettext_lazy as _

from walletdesk.core.errors import ValidationFailed
from walletdesk.core.phones import InvalidPhone, phone_e164

MAX_VALUE_CHARS = 500

_PHONE_SHAPE = re.compile(r"[+\d\s().\-]{5,40}")
_TELEGRAM_LINK = re.compile(
    r"^(?:https?://)?(?:www\.)?(?:t|telegram)\.(?:me|dog)/(?:s/)?@?([^/?#\s]+)", re.IGNORECASE
)
_WHATSAPP_LINK = re.compile(r"^(?:https?://)?(?:api\.)?wa\.me/\+?(\d{5,20})/?$", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s_.\-·・]+")


class ValueKind(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    DOMAIN = "domain"  # a web address or a bare domain
    ACCOUNT = "account"  # a social handle (@name, t.me link) or an account name (WeChat)


class ValueInvalid(ValidationFailed):
    code = "invalid_value"
    default_message = _("Enter a phone number, email address, web address or account name.")


@dataclass(frozen=True)
class Parsed:
    """One value as typed (`raw`, stripped) and as compared. `widened` says NFKC changed it:
    full-width or compatibility letters, which no official address or handle uses."""

    raw: str
    kind: ValueKind
    normalized: str
    host: str = ""  # DOMAIN, EMAIL: decoded, lower-case, without "www."
    path: str = ""  # DOMAIN: path and query, lower-case, unquoted
    userinfo: str = ""  # DOMAIN: what stood before "@" in a URL
    local: str = ""  # EMAIL: the part before "@"
    punycode: bool = False  # the host had an xn-- label
    widened: bool = False
    phone_valid: bool = True

    @property
    def keys(self) -> tuple[str, ...]:
        """The normalised spellings a confirmed report of this value is found by."""
        if self.kind == ValueKind.DOMAIN and self.path:
            return (self.host, f"{self.host}{self.path}")
        return (self.normalized,)


def check_value(raw: str) -> str:
    """The value stripped, or ValueInvalid for empty, overlong or control-character input."""
    text = raw.strip()
    if not text:
        raise ValueInvalid(fields={"value": [str(_("Enter something to check."))]})
    if len(text) > MAX_VALUE_CHARS:
        message = _("Keep this to at most %(limit)d characters.") % {"limit": MAX_VALUE_CHARS}
        raise ValueInvalid(fields={"value": [str(message)]})
    if any(unicodedata.category(ch) in {"Cc", "Cs"} for ch in text):
        raise ValueInvalid(fields={"value": [str(_("This contains characters we cannot read."))]})
    return text


def parse_value(raw: str) -> Parsed:
    text = check_value(raw)
    folded = unicodedata.normalize("NFKC", text)
    # Ideographic full stops separate labels in browsers as "." does.
    folded = folded.replace("\u3002", ".").replace("\uff61", ".")
    widened = folded != text
    scheme = folded.split(":", 1)[0].lower()
    if scheme in {"tel", "sms", "mailto"}:
        folded = folded.split(":", 1)[1].lstrip("/")
    whatsapp = _WHATSAPP_LINK.match(folded)
    if whatsapp:
        folded = "+" + whatsapp.group(1)
    if _PHONE_SHAPE.fullmatch(folded) and sum(ch.isdigit() for ch in folded) >= 5:
        return _phone(text, folded)
    link = _TELEGRAM_LINK.match(folded)
    if link:
        return _account(text, link.group(1), widened)
    if folded.startswith("@"):
        return _account(text, folded[1:], widened)
    if "://" not in folded and "@" in folded and "/" not in folded.split("@", 1)[0]:
        local, _sep, domain = folded.rpartition("@")
        if local and "." in domain and not any(ch.isspace() for ch in folded):
            host, punycode = _host(domain)
            if host:
                return Parsed(
                    raw=text,
                    kind=ValueKind.EMAIL,
                    normalized=f"{local.casefold()}@{host}",
                    host=host,
                    local=local.casefold(),
                    punycode=punycode,
                    widened=widened,
                )
    if ("://" in folded or "." in folded or "/" in folded) and not any(
        ch.isspace() for ch in folded
    ):
        parsed = _url(text, folded, widened)
        if parsed is not None:
            return parsed
    return _account(text, folded, widened)


def _phone(text: str, folded: str) -> Parsed:
    try:
        e164 = phone_e164(folded)
    except InvalidPhone:
        digits = "".join(ch for ch in folded if ch.isdigit())
        return Parsed(raw=text, kind=ValueKind.PHONE, normalized=f"+{digits}", phone_valid=False)
    return Parsed(raw=text, kind=ValueKind.PHONE, normalized=e164)


def account_key(name: str) -> str:
    """A handle or account name folded: NFKC, case-folded, no "@", separators as one space."""
    text = unicodedata.normalize("NFKC", name).strip().lstrip("@")
    return _SEPARATORS.sub(" ", text.casefold()).strip()


def _account(text: str, name: str, widened: bool) -> Parsed:
    return Parsed(raw=text, kind=ValueKind.ACCOUNT, normalized=account_key(name), widened=widened)


def _url(text: str, folded: str, widened: bool) -> Parsed | None:
    address = folded if "://" in folded else f"http://{folded.lstrip('/')}"
    try:
        parts = urlsplit(address)
        hostname = parts.hostname or ""
        userinfo = parts.username or ""
    except ValueError:  # a malformed bracketed host or port: not an address anyone can open
        return None
    host, punycode = _host(hostname)
    if not host:
        return None
    path = unquote(parts.path.rstrip("/"))
    if parts.query:
        path += "?" + unquote(parts.query)
    if parts.fragment:
        path += "#" + unquote(parts.fragment)
    return Parsed(
        raw=text,
        kind=ValueKind.DOMAIN,
        normalized=host,
        host=host,
        path=path.casefold(),
        userinfo=unquote(userinfo).casefold(),
        punycode=punycode,
        widened=widened,
    )


def _host(hostname: str) -> tuple[str, bool]:
    """The host lower-cased, each xn-- label decoded, without "www." and trailing dots; and
    whether any label was punycode. "" when it is not a host name."""
    labels = hostname.casefold().strip(".").split(".")
    if len(labels) < 2 or any(not label or len(label) > 63 for label in labels):
        return "", False
    punycode = False
    decoded: list[str] = []
    for label in labels:
        if label.startswith("xn--"):
            punycode = True
            # A broken punycode label stays as it was, and is still flagged.
            with suppress(UnicodeError):
                label = label.encode("ascii").decode("idna")
        decoded.append(unicodedata.normalize("NFKC", label).casefold())
    if decoded[0] == "www" and len(decoded) > 2:
        decoded = decoded[1:]
    return ".".join(decoded), punycode
