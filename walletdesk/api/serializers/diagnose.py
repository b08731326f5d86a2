"""POST /api/v1/diagnose: a transaction, or what the customer remembers of one, in; the
checks, the verdict and its words out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from walletdesk.api.serializers.common import MAX_ID, StrictCharField, StrictIntegerField
from walletdesk.api.serializers.customers import TransactionSerializer
from walletdesk.intake.checks import NETWORK_ASSETS
from walletdesk.intake.diagnosis.contracts import (
    Action,
    CheckCode,
    CheckState,
    Explanation,
    Outcome,
)
from walletdesk.intake.lookup import Lookup
from walletdesk.wallet.contracts import Asset

AMOUNT_PATTERN = r"^[0-9]{1,15}(\.[0-9]{1,8})?$"
REF_PATTERN = r"^[A-Za-z0-9_-]+$"


def _values(enum: Any) -> list[str]:
    return [member.value for member in enum]


class StrictDateTimeField(serializers.DateTimeField):
    """A date and time as an ISO 8601 string, and only a string."""

    def to_internal_value(self, value: Any) -> Any:
        if not isinstance(value, str):
            self.fail("invalid", format="YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]")
        return super().to_internal_value(value)


class StrictChoiceField(serializers.ChoiceField):
    """One of the choices, as a string."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)


def _text(max_length: int, help_text: Any, **kwargs: Any) -> StrictCharField:
    return StrictCharField(required=False, max_length=max_length, help_text=help_text, **kwargs)


class CriteriaSerializer(serializers.Serializer[Any]):
    occurred_at = StrictDateTimeField(
        required=False, help_text=_("Roughly when it happened (the search looks around it).")
    )
    occurred_until = StrictDateTimeField(
        required=False, help_text=_("The latest it could have been: searches a range.")
    )
    amount = _text(
        24,
        _('The exact amount as a decimal string, e.g. "100.00".'),
        validators=[RegexValidator(AMOUNT_PATTERN)],
    )
    currency = StrictChoiceField(choices=_values(Asset), required=False)
    payment_method = _text(100, _("One of the customer's payment method references."))
    counterparty = _text(200, _("The merchant or person."))
    network = StrictChoiceField(choices=sorted(NETWORK_ASSETS), required=False)
    tx_hash = _text(80, _("The transaction hash on the chain."), allow_blank=True)
    address = _text(120, _("The address the coins were sent to."), allow_blank=True)


class DiagnoseRequestSerializer(serializers.Serializer[Any]):
    customer = StrictIntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text=_(
            "The customer's id. Required with an API token; a signed-in customer may leave "
            "it out (it can only be their own)."
        ),
    )
    transaction = StrictCharField(
        required=False,
        max_length=64,
        validators=[RegexValidator(REF_PATTERN)],
        help_text=_("The reference of one of the customer's transactions."),
    )
    criteria = CriteriaSerializer(
        required=False, help_text=_("Instead of a reference: what the customer remembers.")
    )


class MatchReasonSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(help_text=_('Why it ranks here, e.g. "same_amount".'))
    words = serializers.CharField(help_text=_("The same, for the customer."))


class CandidateSerializer(serializers.Serializer[Any]):
    transaction = TransactionSerializer()
    reasons = MatchReasonSerializer(many=True)


class CheckSerializer(serializers.Serializer[Any]):
    code = serializers.ChoiceField(choices=_values(CheckCode))
    state = serializers.ChoiceField(choices=_values(CheckState))
    evidence = serializers.DictField(
        child=serializers.CharField(), help_text=_("The facts the check looked at.")
    )


class ExplanationSerializer(serializers.Serializer[Any]):
    title = serializers.CharField()
    cause = serializers.CharField()
    fix = serializers.CharField()


@dataclass(frozen=True)
class DiagnoseAnswer:
    lookup: Lookup
    explanation: Explanation
    agent_summary: str | None  # agents only


class DiagnoseResultSerializer(serializers.Serializer[DiagnoseAnswer]):
    transaction = TransactionSerializer(
        source="lookup.diagnosis.transaction",
        allow_null=True,
        help_text=_("The transaction diagnosed; null when none was found."),
    )
    candidates = CandidateSerializer(
        source="lookup.candidates",
        many=True,
        help_text=_("With criteria: the transactions they may mean, best first."),
    )
    checks = CheckSerializer(source="lookup.diagnosis.checks", many=True)
    outcome = serializers.ChoiceField(source="lookup.diagnosis.outcome", choices=_values(Outcome))
    action = serializers.ChoiceField(source="lookup.diagnosis.action", choices=_values(Action))
    cause = serializers.CharField(source="lookup.diagnosis.cause")
    expected_by = serializers.DateTimeField(source="lookup.diagnosis.expected_by", allow_null=True)
    estimate_basis = serializers.CharField(source="lookup.diagnosis.estimate_basis")
    explanation = ExplanationSerializer(help_text=_("In the request's language."))
    agent_summary = serializers.CharField(
        allow_null=True, help_text=_("For agents: the compact technical summary; null otherwise.")
    )
