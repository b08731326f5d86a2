"""The official-channel registry as the checks compare against it: read once per check."""

from __future__ import annotations

from dataclasses import dataclass

from walletdesk.core.phones import InvalidPhone, phone_e164
from walletdesk.safety.models import ChannelKind
from walletdesk.safety.selectors import official_channels
from walletdesk.safety.verify.confusables import folded
from walletdesk.safety.verify.values import account_key


@dataclass(frozen=True)
class OfficialRef:
    """An official channel as a verdict names it."""

    kind: str
    value: str
    label: str


@dataclass(frozen=True)
class Registry:
    domains: tuple[tuple[str, OfficialRef], ...]  # (host, channel)
    emails: tuple[tuple[str, OfficialRef], ...]  # (address, channel)
    phones: tuple[tuple[str, OfficialRef], ...]  # (E.164, channel)
    accounts: tuple[tuple[str, OfficialRef], ...]  # (folded handle or name, channel)

    @property
    def brands(self) -> tuple[tuple[str, OfficialRef], ...]:
        """Our name as it appears in addresses: the first label of each official domain."""
        return tuple((host.split(".", 1)[0], ref) for host, ref in self.domains)

    @property
    def all_domains(self) -> tuple[tuple[str, OfficialRef], ...]:
        """Web domains, and the domains of the official email addresses."""
        seen = {host for host, _ref in self.domains}
        extra = []
        for address, ref in self.emails:
            host = address.rpartition("@")[2]
            if host not in seen:
                seen.add(host)
                extra.append((host, ref))
        return (*self.domains, *extra)


_PHONE_KINDS = {ChannelKind.PHONE, ChannelKind.WHATSAPP}
_ACCOUNT_KINDS = {ChannelKind.TELEGRAM, ChannelKind.WECHAT, ChannelKind.MESSENGER}


def registry_load() -> Registry:
    domains, emails, phones, accounts = [], [], [], []
    for channel in official_channels():
        ref = OfficialRef(kind=channel.kind, value=channel.value, label=channel.label)
        value = channel.value.strip()
        if channel.kind == ChannelKind.DOMAIN:
            host = folded(value).strip(".")
            domains.append((host[4:] if host.startswith("www.") else host, ref))
        elif channel.kind == ChannelKind.EMAIL:
            emails.append((folded(value), ref))
        elif channel.kind in _PHONE_KINDS:
            try:
                phones.append((phone_e164(value), ref))
            except InvalidPhone:
                phones.append((channel.normalized, ref))
        elif channel.kind in _ACCOUNT_KINDS:
            accounts.append((account_key(value), ref))
    return Registry(tuple(domains), tuple(emails), tuple(phones), tuple(accounts))
