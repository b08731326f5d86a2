"""`channel_verify`: is this phone number, email address, web address or account official?"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from walletdesk.safety.selectors import reported_confirmed
from walletdesk.safety.verify.checks import (
    Finding,
    account_lookalike,
    domain_lookalike,
    email_lookalike,
    phone_lookalike,
)
from walletdesk.safety.verify.registry import OfficialRef, Registry, registry_load
from walletdesk.safety.verify.values import Parsed, ValueKind, parse_value


class VerdictStatus(StrEnum):
    OFFICIAL = "official"
    LOOKALIKE = "lookalike"
    UNKNOWN = "unknown"  # not in the registry: never "safe"
    REPORTED = "reported"  # reported by someone and confirmed by the security team


@dataclass(frozen=True)
class Verdict:
    """The answer for one value: the status, the official channel it is (official) or imitates
    (look-alike), and why, as stable reason codes the page and the API explain."""

    status: VerdictStatus
    channel: OfficialRef | None
    reasons: tuple[str, ...]
    kind: ValueKind
    normalized: str


def channel_verify(value: str) -> Verdict:
    """Classify `value`. Raises `ValueInvalid` (400) for empty, overlong or unreadable input."""
    parsed = parse_value(value)
    registry = registry_load()
    official = _official(parsed, registry)
    if official is not None:
        return _verdict(parsed, VerdictStatus.OFFICIAL, official)
    found = _lookalike(parsed, registry)
    if reported_confirmed(kind=parsed.kind, keys=parsed.keys):
        channel, reasons = found if found is not None else (None, ())
        return Verdict(
            VerdictStatus.REPORTED, channel, (*reasons, "reported"), parsed.kind, parsed.normalized
        )
    if found is not None:
        return _verdict(parsed, VerdictStatus.LOOKALIKE, found)
    return Verdict(VerdictStatus.UNKNOWN, None, ("not_registered",), parsed.kind, parsed.normalized)


def _verdict(parsed: Parsed, status: VerdictStatus, found: Finding) -> Verdict:
    channel, reasons = found
    return Verdict(status, channel, reasons, parsed.kind, parsed.normalized)


def is_official(parsed: Parsed, registry: Registry | None = None) -> bool:
    return _official(parsed, registry or registry_load()) is not None


def _official(parsed: Parsed, registry: Registry) -> Finding | None:
    """The registered channel this value is exactly (any spelling), if any."""
    if parsed.widened and parsed.kind != ValueKind.PHONE:
        return None  # full-width letters: no official address or handle is written so
    if parsed.kind == ValueKind.PHONE:
        for number, ref in registry.phones:
            if parsed.normalized == number:
                return ref, ("registered",)
        return None
    if parsed.kind == ValueKind.EMAIL:
        for address, ref in registry.emails:
            if parsed.normalized == address:
                return ref, ("registered",)
        for host, ref in registry.all_domains:
            if not parsed.punycode and (parsed.host == host or parsed.host.endswith(f".{host}")):
                return ref, ("official_domain",)
        return None
    if parsed.kind == ValueKind.DOMAIN:
        if parsed.punycode:
            return None
        for host, ref in registry.domains:
            if parsed.host == host:
                return ref, ("registered",)
            if parsed.host.endswith(f".{host}"):
                return ref, ("official_subdomain",)
        return None
    for name, ref in registry.accounts:
        if parsed.normalized == name:
            return ref, ("registered",)
    return None


def _lookalike(parsed: Parsed, registry: Registry) -> Finding | None:
    if parsed.kind == ValueKind.PHONE:
        return phone_lookalike(parsed, registry)
    if parsed.kind == ValueKind.EMAIL:
        return email_lookalike(parsed, registry)
    if parsed.kind == ValueKind.DOMAIN:
        return domain_lookalike(parsed, registry)
    return account_lookalike(parsed, registry)
