"""The authenticator-app arithmetic: RFC 6238 codes by django-otp's `TOTP`, the secret sealed
at rest, the otpauth:// link and its QR code drawn here as SVG (no outside service sees it).

    secret = totp_secret_new()
    step = totp_step_matching(secret, "123456", after_step=device.last_step)  # or None

A code is accepted for the current 30-second step and one step either side (a phone's clock a
little off, a code typed as it changes), and only for a step later than the last one accepted,
so a code seen over someone's shoulder cannot be replayed. The time comes from `core.clock`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import unicodedata
from urllib.parse import quote, urlencode

import segno
from django.conf import settings
from django_otp.oath import TOTP  # type: ignore[import-untyped]  # django-otp ships no types

from walletdesk.core import clock

ISSUER = "WalletDesk"
STEP_SECONDS = 30
DIGITS = 6
TOLERANCE_STEPS = 1
SECRET_BYTES = 20
_SEAL_VERSION = "s1"


def totp_secret_new() -> bytes:
    return secrets.token_bytes(SECRET_BYTES)


def totp_secret_text(secret: bytes) -> str:
    """The secret as authenticator apps take it typed in: base32, in groups of four."""
    text = base64.b32encode(secret).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def totp_uri(secret: bytes, *, account: str) -> str:
    label = quote(ISSUER) + ":" + quote(account, safe="@+")
    query = urlencode(
        {
            "secret": base64.b32encode(secret).decode().rstrip("="),
            "issuer": ISSUER,
            "digits": DIGITS,
            "period": STEP_SECONDS,
        }
    )
    return f"otpauth://totp/{label}?{query}"


def totp_qr_svg(uri: str) -> str:
    """An inline <svg> of the QR code for `uri` (scaled by CSS, readable at phone size)."""
    svg: str = segno.make(uri, error="m").svg_inline(
        scale=4, border=2, svgclass="qr", lineclass=None, omitsize=True, title="QR"
    )
    return svg


def totp_code_at(secret: bytes, timestamp: float) -> str:
    """The code an app shows at `timestamp` (demo and tests)."""
    totp = TOTP(secret, step=STEP_SECONDS, digits=DIGITS)
    totp.time = timestamp
    return f"{totp.token():0{DIGITS}d}"


def totp_step_matching(secret: bytes, code: str, *, after_step: int) -> int | None:
    """The time step `code` is good for (now ±1 step, later than `after_step`), or None."""
    typed = clean_digits(code, DIGITS)
    if not typed:
        return None
    totp = TOTP(secret, step=STEP_SECONDS, digits=DIGITS)
    totp.time = clock.now().timestamp()
    if not totp.verify(int(typed), tolerance=TOLERANCE_STEPS, min_t=after_step + 1):
        return None
    return int(totp.t())


def clean_digits(code: str, length: int) -> str:
    """What someone typed, as `length` digits (full-width digits, spaces and dashes are
    fine), or "" when it is not that."""
    text = unicodedata.normalize("NFKC", code or "")[:64]
    digits = "".join(ch for ch in text if ch not in " -\u00a0")
    return digits if len(digits) == length and digits.isascii() and digits.isdigit() else ""


# --- The secret at rest ----------------------------------------------------------------------
# Encrypt-then-MAC with keys derived from SECRET_KEY: an HMAC-SHA256 keystream XORed with the
# secret, and an HMAC tag over the nonce and the ciphertext. A copy of the database alone gives
# no usable secret. (Rotating SECRET_KEY means customers enrol again.)


def _keys() -> tuple[bytes, bytes]:
    base = settings.SECRET_KEY.encode()
    return (
        hashlib.sha256(b"walletdesk-totp-seal-enc:" + base).digest(),
        hashlib.sha256(b"walletdesk-totp-seal-mac:" + base).digest(),
    )


def _stream(key: bytes, nonce: bytes, length: int) -> bytes:
    out = b""
    counter = 0
    while len(out) < length:
        out += hmac.new(key, nonce + counter.to_bytes(4, "big"), hashlib.sha256).digest()
        counter += 1
    return out[:length]


def seal(secret: bytes) -> str:
    enc, mac = _keys()
    nonce = secrets.token_bytes(16)
    body = bytes(a ^ b for a, b in zip(secret, _stream(enc, nonce, len(secret)), strict=True))
    tag = hmac.new(mac, nonce + body, hashlib.sha256).digest()[:16]
    return _SEAL_VERSION + ":" + base64.urlsafe_b64encode(nonce + body + tag).decode()


def unseal(sealed: str) -> bytes:
    """The secret, or ValueError when the sealed text was altered or sealed with another key."""
    version, _sep, text = sealed.partition(":")
    if version != _SEAL_VERSION:
        raise ValueError("unknown seal")
    raw = base64.urlsafe_b64decode(text.encode())
    nonce, body, tag = raw[:16], raw[16:-16], raw[-16:]
    enc, mac = _keys()
    if not hmac.compare_digest(tag, hmac.new(mac, nonce + body, hashlib.sha256).digest()[:16]):
        raise ValueError("seal does not verify")
    return bytes(a ^ b for a, b in zip(body, _stream(enc, nonce, len(body)), strict=True))
