"""The intake's pages in the customer's words: the topics, the candidate transactions, the checks
a diagnosis ran, what to do next and when a wait should be over."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from walletdesk.intake.diagnosis.contracts import Action, Check, CheckCode, CheckState
from walletdesk.intake.diagnosis.words import duration
from walletdesk.intake.matching import Candidate
from walletdesk.vocab.choices import ProblemType
from walletdesk.wallet.contracts import PaymentMethodInfo, TransactionInfo
from walletdesk.web.portal.wallet_text import how_paid, money_text, short_time

CHECK_NAMES: dict[CheckCode, Promise] = {
    CheckCode.ACCOUNT_ACTIVE: _("Your wallet is open for payments (not frozen)"),
    CheckCode.BALANCE: _("Enough money in your wallet"),
    CheckCode.PAYMENT_METHOD: _("The card or bank account is valid"),
    CheckCode.ISSUER: _("Your bank or card issuer accepts the payment"),
    CheckCode.MERCHANT: _("The merchant's payment system is working"),
    CheckCode.LIMIT: _("The amount is within your limits"),
    CheckCode.RISK_HOLD: _("No safety hold on the transaction"),
    CheckCode.NETWORK_TIMEOUT: _("The payment network answered in time"),
    CheckCode.DEPOSIT_ADDRESS: _("The coins went to one of your deposit addresses"),
    CheckCode.CHAIN_NETWORK: _("The coins were sent on the right blockchain network"),
    CheckCode.CHAIN_MEMO: _("The memo or tag your address needs was included"),
    CheckCode.CHAIN_CONFIRMATIONS: _("The blockchain has confirmed the transfer enough times"),
}
CHECK_STATES: dict[CheckState, Promise] = {
    CheckState.PASSED: pgettext_lazy("diagnosis check", "No problem"),
    CheckState.FAILED: pgettext_lazy("diagnosis check", "Problem found here"),
    CheckState.SKIPPED: pgettext_lazy("diagnosis check", "Does not apply"),
}
# What a customer can do at once, and where: (page, anchor on it, the link's words).
ACTION_LINKS: dict[Action, tuple[str, str, Promise]] = {
    Action.TOP_UP: ("portal:wallet", "balances", _("Go to my wallet to top up")),
    Action.UPDATE_CARD: ("portal:wallet", "payment-methods", _("Check my payment methods")),
    Action.USE_ANOTHER_METHOD: ("portal:wallet", "payment-methods", _("See my payment methods")),
    Action.RETRY_NOW: ("portal:wallet", "transactions", _("Go to my wallet to try again")),
    Action.RETRY_LATER: ("portal:wallet", "transactions", _("Go to my wallet")),
    Action.SPLIT_AMOUNT: ("portal:wallet", "transactions", _("Go to my wallet")),
    Action.REQUEST_UNFREEZE: ("portal:unfreeze", "", _("Ask to unfreeze my wallet")),
}


@dataclass(frozen=True)
class ActionLink:
    url: str
    words: str


def action_link(action: Action) -> ActionLink | None:
    """The page where the customer does what the diagnosis suggests; None where nothing on
    this site helps (a call to the bank, waiting)."""
    target = ACTION_LINKS.get(action)
    if target is None:
        return None
    name, anchor, words = target
    return ActionLink(url=reverse(name) + (f"#{anchor}" if anchor else ""), words=str(words))


@dataclass(frozen=True)
class CheckRow:
    code: str
    state: str
    name: str
    state_words: str


def check_rows(checks: Sequence[Check]) -> list[CheckRow]:
    return [
        CheckRow(
            code=check.code.value,
            state=check.state.value,
            name=str(CHECK_NAMES.get(check.code, check.code.value)),
            state_words=str(CHECK_STATES[check.state]),
        )
        for check in checks
    ]


@dataclass(frozen=True)
class CandidateRow:
    """One transaction the customer may mean, as they would recognise it."""

    ref: str
    when: str
    amount: str
    kind: str
    paid: str
    status: str
    status_code: str
    reasons: tuple[str, ...]


def candidate_row(
    tx: TransactionInfo, methods: Mapping[str, PaymentMethodInfo], reasons: Sequence[str] = ()
) -> CandidateRow:
    return CandidateRow(
        ref=tx.ref,
        when=short_time(tx.created_at),
        amount=money_text(tx.amount, signed=tx.direction),
        kind=tx.kind.label,
        paid=how_paid(tx, methods),
        status=tx.status.label,
        status_code=tx.status.value,
        reasons=tuple(reasons),
    )


def candidate_rows(
    candidates: Sequence[Candidate], methods: Mapping[str, PaymentMethodInfo]
) -> list[CandidateRow]:
    return [
        candidate_row(c.transaction, methods, [str(r.words) for r in c.reasons]) for c in candidates
    ]


def zone_name() -> str:
    """The reader's time zone as people say it."""
    key = getattr(timezone.get_current_timezone(), "key", "")
    if key in ("Asia/Shanghai", "Asia/Chongqing", "PRC"):
        return gettext("Beijing time")
    return key or timezone.get_current_timezone_name()


def expected_text(expected_by: datetime, *, now: datetime) -> str:
    """ "around 3 Nov 14:32 (Beijing time), in about 20 minutes" in the reader's language, the
    span rounded as the diagnosis's own sentences round it, so one page never says 9 and 10."""
    local = timezone.localtime(expected_by)
    # Translators: a PHP-style date format (Django's `date` filter) for a day and a time.
    when = dateformat.format(local, str(pgettext_lazy("short time", "j M H:i")))
    values = {"when": when, "zone": zone_name()}
    if expected_by - now < timedelta(minutes=1):
        return gettext("by %(when)s (%(zone)s), in less than a minute") % values
    return gettext("by about %(when)s (%(zone)s), in about %(duration)s") % {
        **values,
        "duration": duration(expected_by - now),
    }


def picker_topics() -> list[tuple[str, str]]:
    """Every problem type, the emergency first, as (code, plain label)."""
    first = ProblemType.ACCOUNT_STOLEN
    rest = [choice for choice in ProblemType.choices if choice[0] != first]
    return [(first.value, str(first.label)), *((code, str(label)) for code, label in rest)]
