"""The official-channel check's answer, as `GET /api/v1/verify` returns it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from walletdesk.safety.verify import Verdict, VerdictStatus


class OfficialChannelSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField(help_text=_("domain, email, phone, telegram, wechat, …"))
    value = serializers.CharField(help_text=_("The official channel as customers see it."))
    # The field is named "label" as in SPEC; mypy sees the Serializer attribute of that name.
    label = serializers.CharField()  # type: ignore[assignment]


class VerdictSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=[status.value for status in VerdictStatus])
    channel = OfficialChannelSerializer(
        allow_null=True,
        help_text=_("The official channel this is (official) or imitates (look-alike), or null."),
    )
    reasons = serializers.ListField(
        child=serializers.CharField(),
        help_text=_(
            "Stable codes: registered, official_subdomain, official_domain, homoglyph, "
            "mixed_script, punycode, fullwidth, typosquat, separators, extra_words, "
            "contains_official_name, official_name_as_subdomain, official_name_in_path, "
            "official_name_in_userinfo, official_name_unregistered, other_tld, "
            "official_name_in_address, similar_number, other_country_code, reported, "
            "not_registered."
        ),
    )


def verdict_data(verdict: Verdict) -> dict[str, Any]:
    channel = verdict.channel
    return {
        "status": str(verdict.status),
        "channel": (
            {"kind": channel.kind, "value": channel.value, "label": channel.label}
            if channel is not None
            else None
        ),
        "reasons": list(verdict.reasons),
    }
