"""A diagnosis in words: plain for the customer, compact for the agent, in the active language.

The customer reads three short sentences — what it is, why, what to do — with amounts and
Beijing times filled in, so nobody has to look anything up. The fix names the action; the page
that shows it adds any button or link. The agent reads codes and evidence, untranslated, so
the summary means the same to every agent and every tool.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from walletdesk.core import clock
from walletdesk.intake.checks import NETWORK_NAMES
from walletdesk.intake.diagnosis.contracts import (
    CAUSE_ACCOUNT_FROZEN,
    CAUSE_ADDRESS_NOT_OURS,
    CAUSE_NOT_FOUND,
    Action,
    Diagnosis,
    Explanation,
    Outcome,
)
from walletdesk.wallet.contracts import (
    Direction,
    FailureCode,
    TransactionKind,
    TransactionStatus,
)

SERVICE_ZONE = ZoneInfo("Asia/Shanghai")
Words = Callable[[Diagnosis, dict[str, str]], Explanation]


def when(moment: datetime | None) -> str:
    """A time as the customer reads it: minutes, Beijing time."""
    if moment is None:
        return ""
    local = moment.astimezone(SERVICE_ZONE).strftime("%Y-%m-%d %H:%M")
    return _("%(time)s (Beijing time)") % {"time": local}


def duration(span: timedelta) -> str:
    """Roughly how long, in the largest unit that reads naturally."""
    seconds = max(int(span.total_seconds()), 0)
    if seconds < 90:
        return ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}
    minutes = round(seconds / 60)
    if minutes < 90:
        return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    hours = round(minutes / 60)
    return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}


def _evidence(diagnosis: Diagnosis) -> dict[str, str]:
    """Every check's evidence (the deciding check's last, so its facts win) plus the
    transaction's own, for the templates below."""
    found: dict[str, str] = {}
    for check in diagnosis.checks:
        found.update(check.evidence)
    if diagnosis.failing_check is not None:
        found.update(diagnosis.failing_check.evidence)
    # The evidence names the issuer with the card ("Barclays •••• 3317"); the sentences name
    # the issuer on their own, so they take the card without it.
    issuer = found.get("issuer", "")
    method = found.get("payment_method", "")
    if issuer and method.startswith(issuer + " "):
        found["payment_method"] = method[len(issuer) + 1 :]
    tx = diagnosis.transaction
    if tx is not None:
        found["amount"] = str(tx.amount)
        found["counterparty"] = tx.counterparty
        found["completed"] = when(tx.completed_at)
        found["created"] = when(tx.created_at)
    found["expected"] = when(diagnosis.expected_by)
    return found


def _sentences(*parts: str) -> str:
    """Chinese sentences follow each other without a space; English ones with one."""
    glue = "" if (get_language() or "").startswith("zh") else " "
    return glue.join(parts)


def _person() -> str:
    return _(
        "Our payments team can finish this: they will see the transaction and everything we "
        "checked, so you will not need to explain it again."
    )


def _frozen(d: Diagnosis, e: dict[str, str]) -> Explanation:
    return Explanation(
        _("Your wallet is frozen"),
        _("Your wallet is frozen, so no money can leave it, including this %(amount)s.") % e,
        _("Ask for your wallet to be unfrozen; once it is, you can try again."),
    )


def _balance(d: Diagnosis, e: dict[str, str]) -> Explanation:
    cause = _("This %(amount)s needed more than your balance. Your balance is now %(balance)s.")
    if d.action == Action.RETRY_NOW:
        fix = _("Your balance now covers it, so you can try again now.")
    else:
        fix = _("Top up at least %(shortfall)s, then try again.") % e
    return Explanation(_("Your balance was too low"), cause % e, fix)


def _expired(d: Diagnosis, e: dict[str, str]) -> Explanation:
    return Explanation(
        _("Your card has expired"),
        _(
            "%(payment_method)s has expired (valid through %(expiry)s), so it could not be used "
            "for %(amount)s."
        )
        % e,
        _("Update the card's details or add a new card, then try again."),
    )


def _declined(d: Diagnosis, e: dict[str, str]) -> Explanation:
    if e.get("status") == "blocked":
        return Explanation(
            _("Your card is blocked"),
            _("%(payment_method)s is blocked, so it could not be used for %(amount)s.") % e,
            _("Use another card or bank account instead."),
        )
    if d.action == Action.RETRY_NOW:
        fix = _("%(issuer)s accepts this card again, so you can try again now.") % e
    else:
        fix = _("Use another card or bank account, or ask %(issuer)s why it declined.") % e
    return Explanation(
        _("Your bank declined it"),
        _("%(issuer)s declined %(amount)s from %(payment_method)s.") % e,
        fix,
    )


def _bank_funds(d: Diagnosis, e: dict[str, str]) -> Explanation:
    if d.action == Action.RETRY_NOW:
        fix = _("%(issuer)s accepts this card again, so you can try again now.") % e
    else:
        fix = (
            _(
                "Add money to that account or check with %(issuer)s, then try again, or use "
                "another card."
            )
            % e
        )
    return Explanation(
        _("Not enough money at your bank"),
        _("%(issuer)s said %(payment_method)s did not have enough money for %(amount)s.") % e,
        fix,
    )


def _merchant(d: Diagnosis, e: dict[str, str]) -> Explanation:
    if d.action == Action.RETRY_NOW:
        fix = _("%(merchant)s is working again, so you can try again now.") % e
    else:
        fix = _("%(merchant)s is still unavailable. Try again once it is back.") % e
    return Explanation(
        _("The merchant was unavailable"),
        _(
            "%(merchant)s was unavailable at the time, so %(amount)s did not go through and no "
            "money moved."
        )
        % e,
        fix,
    )


def _limit(d: Diagnosis, e: dict[str, str]) -> Explanation:
    return Explanation(
        _("Over the single-transaction limit"),
        _("%(amount)s is more than the %(per_transaction_limit)s allowed in one transaction.") % e,
        _("Split it into amounts of %(per_transaction_limit)s or less.") % e,
    )


def _risk(d: Diagnosis, e: dict[str, str]) -> Explanation:
    title = _("Your payment is being reviewed")
    cause = (
        _(
            "Large first payments to a new merchant are checked to keep your money safe. "
            "%(amount)s to %(merchant)s is set aside meanwhile."
        )
        % e
    )
    if d.outcome == Outcome.WAIT:
        return Explanation(title, cause, _("Nothing to do: the review ends by %(expected)s.") % e)
    if d.transaction and d.transaction.status == TransactionStatus.FAILED:
        cause = (
            _(
                "The review did not approve %(amount)s to %(merchant)s; the money set aside is "
                "back in your balance."
            )
            % e
        )
        return Explanation(_("Your payment was not approved"), cause, _person())
    late = _("The review is taking longer than it should.")
    return Explanation(title, cause, _sentences(late, _person()))


def _timeout(d: Diagnosis, e: dict[str, str]) -> Explanation:
    if d.action == Action.RETRY_NOW:
        return Explanation(
            _("Your bank did not answer"),
            _("%(issuer)s did not answer in time, so %(amount)s was cancelled and no money moved.")
            % e,
            _("You can try again now."),
        )
    cause = _("%(issuer)s has not answered yet about %(amount)s, so it is still pending.") % e
    if d.outcome == Outcome.WAIT:
        fix = (
            _(
                "Please do not pay again. If it does not go through, it is cancelled automatically "
                "by %(expected)s and any money returns."
            )
            % e
        )
    else:
        fix = _sentences(_("The automatic cancellation is overdue."), _person())
    return Explanation(_("Waiting for your bank"), cause, fix)


def _wrong_network(d: Diagnosis, e: dict[str, str]) -> Explanation:
    # The evidence keeps the wallet core's codes for the agent; the customer reads the names.
    names = {
        key: str(NETWORK_NAMES.get(e[key], e[key])) for key in ("sent_on", "address_listens_on")
    }
    return Explanation(
        _("Sent on the wrong network"),
        _(
            "The coins were sent on %(sent_on)s, but this address receives on "
            "%(address_listens_on)s, so they did not arrive in your wallet."
        )
        % {**e, **names},
        _person(),
    )


def _memo(d: Diagnosis, e: dict[str, str]) -> Explanation:
    return Explanation(
        _("The memo (tag) was missing"),
        _("This address needs a memo (tag) to know %(amount)s is yours, and the transfer had none.")
        % e,
        _person(),
    )


def _confirmations(d: Diagnosis, e: dict[str, str]) -> Explanation:
    cause = (
        _(
            "%(amount)s has %(confirmations)s of the %(required_confirmations)s network "
            "confirmations it needs."
        )
        % e
    )
    if d.expected_by is None:
        fix = _("It completes automatically once the network confirms it; nothing to do.")
    else:
        left = duration(d.expected_by - clock.now())
        fix = _("About %(left)s more, around %(expected)s. It completes automatically.") % {
            **e,
            "left": left,
        }
    return Explanation(_("Waiting for network confirmations"), cause, fix)


def _not_ours(d: Diagnosis, e: dict[str, str]) -> Explanation:
    return Explanation(
        _("That is not your deposit address"),
        _(
            "%(address)s is not one of your wallet's deposit addresses, so the coins did not "
            "reach your wallet."
        )
        % e,
        _sentences(
            _(
                "Only send to the address your wallet shows. If someone else gave you that "
                "address, it may be a scam: do not send more."
            ),
            _person(),
        ),
    )


def _not_seen(d: Diagnosis, e: dict[str, str]) -> Explanation:
    return Explanation(
        _("We have not seen this deposit yet"),
        _("No deposit with that transaction hash has reached your wallet."),
        _person(),
    )


def _no_fault(d: Diagnosis, e: dict[str, str]) -> Explanation:
    tx = d.transaction
    nothing = _("Nothing needs fixing.")
    if tx is not None and tx.status == TransactionStatus.REVERSED:
        return Explanation(
            _("This was reversed"),
            _("%(amount)s was reversed and the money went back where it came from.") % e,
            nothing,
        )
    if tx is not None and tx.kind == TransactionKind.REFUND:
        cause = _("The refund of %(amount)s from %(counterparty)s arrived on %(completed)s.")
    elif tx is not None and tx.direction == Direction.IN:
        cause = _("%(amount)s was credited to your wallet on %(completed)s.")
    else:
        cause = _("%(amount)s went through on %(completed)s.")
    return Explanation(_("This went through"), cause % e, nothing)


def _unknown(d: Diagnosis, e: dict[str, str]) -> Explanation:
    return Explanation(
        _("We need to take a closer look"),
        _("We could not tell on our own why this did not go through."),
        _person(),
    )


_BY_CAUSE: dict[str, Words] = {
    CAUSE_ACCOUNT_FROZEN: _frozen,
    FailureCode.INSUFFICIENT_BALANCE: _balance,
    FailureCode.PAYMENT_METHOD_EXPIRED: _expired,
    FailureCode.ISSUER_DECLINED: _declined,
    FailureCode.ISSUER_INSUFFICIENT_FUNDS: _bank_funds,
    FailureCode.MERCHANT_UNAVAILABLE: _merchant,
    FailureCode.LIMIT_EXCEEDED: _limit,
    FailureCode.RISK_HOLD: _risk,
    FailureCode.NETWORK_TIMEOUT: _timeout,
    FailureCode.WRONG_NETWORK: _wrong_network,
    FailureCode.MISSING_MEMO: _memo,
    FailureCode.AWAITING_CONFIRMATIONS: _confirmations,
    CAUSE_ADDRESS_NOT_OURS: _not_ours,
    CAUSE_NOT_FOUND: _not_seen,
}


def customer_explanation(diagnosis: Diagnosis) -> Explanation:
    if diagnosis.outcome == Outcome.NO_FAULT:
        return _no_fault(diagnosis, _evidence(diagnosis))
    words = _BY_CAUSE.get(diagnosis.cause, _unknown)
    return words(diagnosis, _evidence(diagnosis))


def agent_summary(diagnosis: Diagnosis) -> str:
    """Two or three lines for the top of the ticket: cause code, the failing check's evidence,
    the outcome ("needs_person · wrong_network · sent on ethereum, address listens on tron")."""
    tx = diagnosis.transaction
    head = [diagnosis.outcome.value, diagnosis.cause]
    if tx is not None:
        head += [tx.ref, f"{tx.kind.value} {tx.status.value} {tx.amount}"]
    lines = [" · ".join(head)]
    failing = diagnosis.failing_check
    if failing is not None:
        facts = ", ".join(f"{name}={value}" for name, value in failing.evidence.items())
        lines.append(f"{failing.code.value}: {facts}")
    if diagnosis.action != Action.NONE:
        lines.append(f"action: {diagnosis.action.value}")
    if diagnosis.expected_by is not None or diagnosis.estimate_basis:
        end = diagnosis.expected_by.isoformat(timespec="seconds") if diagnosis.expected_by else "?"
        lines.append(f"expected by {end} ({diagnosis.estimate_basis})")
    return "\n".join(lines)


def estimate_words(diagnosis: Diagnosis) -> str:
    """How a wait was worked out, for the customer in the active language ("" when there is no
    estimate). `Diagnosis.estimate_basis` is the agent's technical line; this is its plain form."""
    if diagnosis.outcome != Outcome.WAIT:
        return ""
    if diagnosis.cause == FailureCode.AWAITING_CONFIRMATIONS:
        evidence = _evidence(diagnosis)
        try:
            have = int(evidence.get("confirmations", ""))
            need = int(evidence.get("required_confirmations", ""))
            block = int(evidence.get("block_seconds", ""))
        except ValueError:
            return ""
        if block <= 0:
            return ""
        missing = max(need - have, 0)
        return ngettext(
            "%(missing)d more confirmation is needed, and the network adds a block about "
            "every %(block)s.",
            "%(missing)d more confirmations are needed, and the network adds a block about "
            "every %(block)s.",
            missing,
        ) % {"missing": missing, "block": duration(timedelta(seconds=block))}
    if diagnosis.expected_by is not None:
        return _("This is the time the wallet promises for this step at the latest.")
    return ""
