"""/api/v1/tickets/ and /api/v1/tickets/{id}/."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from walletdesk.api.pagination import Pagination
from walletdesk.api.parsers import JSONParser
from walletdesk.api.serializers.tickets import (
    TicketCreateSerializer,
    TicketListQuerySerializer,
    TicketSerializer,
    TicketUpdateSerializer,
)
from walletdesk.api.views.common import console_user, error_responses
from walletdesk.core.errors import NotFound
from walletdesk.identity.models import Customer, User
from walletdesk.tickets import selectors, services
from walletdesk.tickets.inbound import InboundMessage, Sender, inbound_receive


class TicketListView(APIView):
    parser_classes = [JSONParser]
    pagination_class = Pagination

    @extend_schema(
        summary=_("List tickets"),
        description=_(
            "Tickets you may see, filtered. Paginated with `limit` and `offset`. "
            "Ordered by priority then age, or with `order=updated` newest update first."
        ),
        parameters=[TicketListQuerySerializer],
        responses={200: TicketSerializer(many=True), **error_responses(400)},
    )
    def get(self, request: Request) -> Response:
        # A plain dict, not the QueryDict: DRF would read "?team=" from a form as "not sent",
        # while for this API an empty filter value is a mistake worth a 400.
        query = TicketListQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        tickets = selectors.inbox(user=console_user(request), filters=query.to_filters())
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(tickets, request, view=self)
        return paginator.get_paginated_response(TicketSerializer(page, many=True).data)

    @extend_schema(
        summary=_("Open a ticket"),
        description=_(
            "Opens a ticket for a requester (a customer you may see, or a free-form contact) "
            "with their request as they told it to you: `body` is stored as the requester's "
            "message, recorded by you, and `note` as your internal note. With an "
            "`external_thread_id` already open for this requester, or a second report of a "
            "stolen wallet while theirs is open, the message joins that ticket instead, "
            "answered with 200. With an `external_id` you sent before, nothing "
            "is added and the ticket is returned with 200."
        ),
        request=TicketCreateSerializer,
        responses={
            201: TicketSerializer,
            200: OpenApiResponse(
                TicketSerializer,
                description=_("The message joined an open ticket, or was already stored."),
            ),
            **error_responses(400, 404, 409, 413, 415),
        },
    )
    def post(self, request: Request) -> Response:
        serializer = TicketCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = console_user(request)
        requester = _requester(user, data.get("requester"))
        sender = (
            Sender.signed_in(requester)
            if requester is not None
            else Sender.contact(data["contact"])
        )
        result = inbound_receive(
            InboundMessage(
                channel=data["channel"],
                sender=sender,
                recorded_by=user,
                subject=data["subject"],
                text=data["body"],
                note=data.get("note", ""),
                problem_type=data["problem_type"],
                priority=data.get("priority"),
                language=data.get("language", ""),
                steps_tried=data.get("steps_tried", ""),
                transaction_ref=data.get("transaction_ref", ""),
                external_thread_id=data.get("external_thread_id", ""),
                external_id=data.get("external_id", ""),
            )
        )
        body = TicketSerializer(result.ticket).data
        if not result.ticket_created:
            return Response(body, status=200)
        location = reverse("api:ticket", args=[result.ticket.pk])
        return Response(body, status=201, headers={"Location": location})


def _requester(user: User, customer_id: int | None) -> Customer | None:
    """The customer a new ticket is for. Only customers the user may see can be named; any
    other id is not found (404), exactly like an id that does not exist."""
    if customer_id is None:
        return None
    return selectors.customer_for_user(user=user, customer_id=customer_id)


class AssigneeNotFound(NotFound):
    code = "assignee_not_found"
    default_message = _("No active console user has this id.")


def _require_assignee(user_id: int) -> None:
    """A dangling reference is "not found", like the requester of a new ticket."""
    if not selectors.assignable_users().filter(pk=user_id).exists():
        raise AssigneeNotFound()


class TicketDetailView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        summary=_("Get a ticket"),
        responses={200: TicketSerializer, **error_responses(404)},
    )
    def get(self, request: Request, ticket_id: int) -> Response:
        ticket = selectors.ticket_for_user(user=console_user(request), ticket_id=ticket_id)
        return Response(TicketSerializer(ticket).data)

    @extend_schema(
        summary=_("Change a ticket"),
        description=_(
            "Changes only the fields sent. Status changes must follow the ticket's status "
            "machine (409 otherwise); `assignee: null` unassigns."
        ),
        request=TicketUpdateSerializer,
        responses={200: TicketSerializer, **error_responses(400, 404, 409, 413, 415)},
    )
    def patch(self, request: Request, ticket_id: int) -> Response:
        user = console_user(request)
        ticket = selectors.ticket_for_user(user=user, ticket_id=ticket_id)
        serializer = TicketUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        assignee_id = None  # not sent: leave as is
        if "assignee" in data:
            assignee_id = data["assignee"] or 0  # null: unassign (TicketChanges spells it 0)
        if assignee_id:
            _require_assignee(assignee_id)
        changes = services.TicketChanges(
            status=data.get("status"),
            priority=data.get("priority"),
            problem_type=data.get("problem_type"),
            team=data.get("team"),
            assignee_id=assignee_id,
            subject=data.get("subject"),
        )
        updated = services.ticket_update(ticket=ticket, by=user, changes=changes)
        return Response(TicketSerializer(updated).data)
