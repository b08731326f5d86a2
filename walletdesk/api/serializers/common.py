"""Pieces shared by several endpoints: the error envelope, people references, priorities."""

from __future__ import annotations

from typing import Any

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

from walletdesk.identity.models import Customer, User
from walletdesk.tickets.choices import Priority

# Primary keys are 64-bit; anything larger cannot name a row and is refused up front.
MAX_ID = 2**63 - 1

PRIORITY_NAMES = {member.name.lower(): member.value for member in Priority}

# Text that must say something: at least one character that is not whitespace. The same rule
# the services apply after trimming, stated in the schema so clients can know it up front.
NOT_BLANK = RegexValidator(r"\S", message=_("This field may not be blank."))


class StrictCharField(serializers.CharField):
    """A JSON string, and only a string: DRF would quietly turn 42 into "42"."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer, and only an integer: DRF would accept "42", 42.0 and true."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


def required_text(**kwargs: Any) -> StrictCharField:
    """A text field that must contain more than whitespace."""
    return StrictCharField(validators=[NOT_BLANK], **kwargs)


class PriorityField(serializers.ChoiceField):
    """Priorities travel by name (low, normal, high, urgent, critical), never by number."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=list(PRIORITY_NAMES), **kwargs)

    # DRF's stubs type ChoiceField values as str; this one turns names into Priority ints.
    def to_internal_value(self, data: Any) -> int:  # type: ignore[override]
        name = super().to_internal_value(data)
        return PRIORITY_NAMES[str(name)]

    def to_representation(self, value: Any) -> str:
        return Priority(value).name.lower()


# Built with inline_serializer: a declared field named "fields" would shadow Serializer.fields.
ErrorDetailSerializer = inline_serializer(
    name="ErrorDetail",
    fields={
        "code": serializers.CharField(help_text=_("A stable, machine-readable error code.")),
        "message": serializers.CharField(
            help_text=_("What went wrong, in the request's language.")
        ),
        "fields": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            required=False,
            help_text=_("Per-field messages, when the request had invalid fields."),
        ),
    },
)


class ErrorSerializer(serializers.Serializer[Any]):
    """The envelope of every error response."""

    error = ErrorDetailSerializer


class UserRefSerializer(serializers.Serializer[User]):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField(source="__str__")


class CustomerRefSerializer(serializers.Serializer[Customer]):
    id = serializers.IntegerField()
    ref = serializers.CharField()
    display_name = serializers.CharField()
