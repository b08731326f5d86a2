"""Tickets in and out of the API."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from walletdesk.api.serializers.common import (
    MAX_ID,
    CustomerRefSerializer,
    PriorityField,
    StrictCharField,
    StrictIntegerField,
    UserRefSerializer,
    required_text,
)
from walletdesk.identity.models import Language, TeamCode
from walletdesk.tickets.choices import Channel, ProblemType, Status
from walletdesk.tickets.models import Ticket
from walletdesk.tickets.selectors import InboxFilters

ORDERINGS = ("queue", "updated")


class TicketSerializer(serializers.Serializer[Any]):  # Any: also used with many=True
    id = serializers.IntegerField()
    reference = serializers.CharField(help_text=_("The number customers quote, e.g. WD-000123."))
    subject = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    priority = PriorityField()
    channel = serializers.ChoiceField(choices=Channel.choices)
    problem_type = serializers.ChoiceField(choices=ProblemType.choices)
    language = serializers.ChoiceField(choices=Language.choices)
    team = serializers.SerializerMethodField()
    assignee = UserRefSerializer(allow_null=True)
    requester = CustomerRefSerializer(allow_null=True)
    requester_verified = serializers.BooleanField(
        help_text=_(
            "False when the requester was matched only by what a channel claims (an email "
            "address, a caller id); their wallet is then not shown for this ticket."
        )
    )
    contact = serializers.CharField()
    steps_tried = serializers.CharField()
    transaction_ref = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    first_response_at = serializers.DateTimeField(allow_null=True)
    solved_at = serializers.DateTimeField(allow_null=True)

    def get_team(self, ticket: Ticket) -> str | None:
        return ticket.team.code if ticket.team is not None else None


class TicketListQuerySerializer(serializers.Serializer[Any]):
    """Filters of `GET /api/v1/tickets/`. Every filter is optional; absent means any."""

    status = serializers.ChoiceField(
        choices=["active", *Status.values],
        required=False,
        help_text=_('A status, or "active" for every status before solved.'),
    )
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    problem_type = serializers.ChoiceField(choices=ProblemType.choices, required=False)
    team = serializers.ChoiceField(choices=TeamCode.choices, required=False)
    assignee = serializers.RegexField(
        r"^(me|none|[1-9][0-9]{0,17})$",
        required=False,
        help_text=_('A console user id, "me", or "none" for unassigned tickets.'),
    )
    requester = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, help_text=_("A customer id.")
    )
    q = serializers.CharField(
        max_length=100,
        required=False,
        help_text=_(
            "Full-text search over reference, subject, messages, the customer's name, email and "
            "phone, and transaction references; ranked by relevance unless `order` is 'updated'."
        ),
    )
    order = serializers.ChoiceField(
        choices=ORDERINGS,
        required=False,
        default="queue",
        help_text=_(
            '"queue": highest priority first, then oldest (the default); '
            '"updated": most recently updated first.'
        ),
    )

    def to_filters(self) -> InboxFilters:
        data = self.validated_data
        return InboxFilters(
            status=data.get("status", ""),
            channel=data.get("channel", ""),
            problem_type=data.get("problem_type", ""),
            team=data.get("team", ""),
            assignee=data.get("assignee", ""),
            requester_id=data.get("requester"),
            query=data.get("q", "").strip(),
            order=data["order"],
        )


class TicketCreateSerializer(serializers.Serializer[Any]):
    """The schema adds: `requester` or a non-blank `contact` is required (see schema.py)."""

    requester = StrictIntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        help_text=_("The customer's id. Give this or contact."),
    )
    contact = StrictCharField(
        max_length=254,
        required=False,
        allow_blank=True,
        help_text=_("How to reach a requester who is not a known customer."),
    )
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.API)
    subject = required_text(max_length=200)
    body = required_text(
        max_length=20_000,
        help_text=_(
            "The requester's request, as they told it: stored as their message, recorded by you."
        ),
    )
    note = StrictCharField(
        max_length=20_000,
        required=False,
        allow_blank=True,
        help_text=_("Your own remarks, stored as an internal note the requester never sees."),
    )
    problem_type = serializers.ChoiceField(choices=ProblemType.choices, default=ProblemType.OTHER)
    priority = PriorityField(
        required=False, help_text=_("Leave out to use the problem type's default.")
    )
    language = serializers.ChoiceField(choices=Language.choices, required=False)
    steps_tried = StrictCharField(max_length=5000, required=False, allow_blank=True)
    transaction_ref = StrictCharField(max_length=64, required=False, allow_blank=True)
    external_thread_id = required_text(
        max_length=255,
        required=False,
        help_text=_(
            "The id this conversation has in the system it came from. While the requester's "
            "ticket with this id is open, a new request with it joins that ticket."
        ),
    )
    external_id = required_text(
        max_length=255,
        required=False,
        help_text=_(
            "Your id for this request. Sending the same id again returns the ticket it is "
            "stored on (200) instead of adding it twice."
        ),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("requester") is None and not attrs.get("contact", "").strip():
            raise serializers.ValidationError(
                {"requester": [_("Give the requester's customer id or a contact.")]}
            )
        return attrs


class TicketUpdateSerializer(serializers.Serializer[Any]):
    """Only the fields sent change. `assignee: null` unassigns."""

    status = serializers.ChoiceField(choices=Status.choices, required=False)
    priority = PriorityField(required=False)
    problem_type = serializers.ChoiceField(choices=ProblemType.choices, required=False)
    team = serializers.ChoiceField(choices=TeamCode.choices, required=False)
    assignee = StrictIntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        help_text=_("A console user's id, or null to unassign."),
    )
    subject = required_text(max_length=200, required=False)
