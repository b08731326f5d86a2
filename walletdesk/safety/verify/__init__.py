"""Official-channel verification: is a phone number, email address, web address or account
one of this operator's official channels, a look-alike of one, reported, or unknown?

    verdict = channel_verify("wallet-desk.example")
    verdict.status   # "lookalike"
    verdict.channel  # OfficialRef(kind="domain", value="walletdesk.example", label=...)
    verdict.reasons  # ("typosquat",)
"""

from walletdesk.safety.verify.registry import OfficialRef
from walletdesk.safety.verify.service import Verdict, VerdictStatus, channel_verify
from walletdesk.safety.verify.values import (
    MAX_VALUE_CHARS,
    Parsed,
    ValueInvalid,
    ValueKind,
    parse_value,
)

__all__ = [
    "MAX_VALUE_CHARS",
    "OfficialRef",
    "Parsed",
    "ValueInvalid",
    "ValueKind",
    "Verdict",
    "VerdictStatus",
    "channel_verify",
    "parse_value",
]
