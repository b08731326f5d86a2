"""The emergency freeze ("my wallet was stolen", 钱包被盗) and the unfreeze under dual control.

    wallet_freeze(customer=…, via=FreezeVia.PORTAL, client=…, actor="customer:7")

is the one action every channel calls: the portal (signed in, or signed out with a code), and
later the chat, the phone menu and email. Unfreezing is never one person's decision: a
security-team console user asks for it after verifying the customer (`unfreeze_request_create`)
and a second one approves it (`unfreeze_approve`)."""

from walletdesk.security.freeze.contracts import FreezeResult, FreezeVia
from walletdesk.security.freeze.selectors import (
    may_handle_unfreeze,
    unfreeze_for_user,
    unfreeze_pending_count,
    unfreeze_pending_for,
)
from walletdesk.security.freeze.service import wallet_freeze
from walletdesk.security.freeze.unfreeze import (
    UnfreezeNotAllowed,
    unfreeze_approve,
    unfreeze_ask,
    unfreeze_cancel,
    unfreeze_reject,
    unfreeze_request_create,
)

__all__ = [
    "FreezeResult",
    "FreezeVia",
    "UnfreezeNotAllowed",
    "may_handle_unfreeze",
    "unfreeze_approve",
    "unfreeze_ask",
    "unfreeze_cancel",
    "unfreeze_for_user",
    "unfreeze_pending_count",
    "unfreeze_pending_for",
    "unfreeze_reject",
    "unfreeze_request_create",
    "wallet_freeze",
]
