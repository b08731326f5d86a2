"""The emergency freeze through the API: what an agent sends, and what happened."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from walletdesk.api.serializers.common import StrictCharField


class FreezeRequestSerializer(serializers.Serializer[dict[str, str]]):
    reason = StrictCharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,  # the length the schema states is the length sent
        max_length=500,
        help_text=_("What the customer told you, in their words. Goes on the security case."),
    )


class FreezeResultSerializer(serializers.Serializer[object]):
    customer_id = serializers.IntegerField()
    wallet_frozen = serializers.BooleanField(
        help_text=_("False only when no wallet is linked or it cannot be found.")
    )
    already_frozen = serializers.BooleanField()
    frozen_at = serializers.DateTimeField(allow_null=True)
    ticket_id = serializers.IntegerField(help_text=_("The customer's critical security case."))
    ticket_reference = serializers.CharField()
    ticket_created = serializers.BooleanField()
