"""What crosses the security app's border: frozen dataclasses, never its models."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

_BROWSERS = (
    ("MicroMessenger", "WeChat"),
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Chrome/", "Chrome"),
    ("Firefox/", "Firefox"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
)


@dataclass(frozen=True)
class Client:
    """Who is asking, as far as a request tells: its address and browser. Presentation builds
    it (`Client.of(request)` in the web layer); channels without a browser pass `Client()`."""

    ip: str = ""
    user_agent: str = ""

    @property
    def network(self) -> str:
        """The address with its last part dropped (203.0.113.x, 2001:db8:1::/48): enough to
        tell a place, not a person's exact address."""
        try:
            address = ipaddress.ip_address(self.ip)
        except ValueError:
            return ""
        if address.version == 4:
            return ".".join(str(address).split(".")[:3]) + ".x"
        return str(ipaddress.ip_network(f"{address}/48", strict=False))

    @property
    def device(self) -> str:
        """ "Chrome on Android": a short description a customer recognises."""
        text = self.user_agent[:512]
        browser = next((name for token, name in _BROWSERS if token in text), "")
        system = next((name for token, name in _SYSTEMS if token in text), "")
        if browser and system:
            return f"{browser} · {system}"
        return browser or system or re.sub(r"[^\w ./-]", "", text)[:40]

    @property
    def rate_key(self) -> str:
        """What a per-client limit counts: the IPv4 address (an IPv4-mapped IPv6 one as its
        IPv4 address), or an IPv6 address's /64 — one home or phone line is given a whole /64
        and may use any address in it, so counting single addresses would count nothing."""
        try:
            address = ipaddress.ip_address(self.ip)
        except ValueError:
            return self.ip or "unknown"
        if address.version == 6:
            mapped = address.ipv4_mapped
            if mapped is not None:
                return str(mapped)
            return str(ipaddress.ip_network(f"{address}/64", strict=False))
        return str(address)


@dataclass(frozen=True)
class Challenge:
    """The answer to "send me a code": an opaque token to present with the code, and where it
    went, masked. The same shape whether or not an account was found."""

    token: str
    channel: str
    destination: str
    expires_in_seconds: int
