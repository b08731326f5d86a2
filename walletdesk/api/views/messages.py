"""/api/v1/tickets/{id}/messages/: the whole thread, internal notes included, and posting."""

from __future__ import annotations

from django.db import IntegrityError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from walletdesk.api.pagination import Pagination
from walletdesk.api.parsers import JSONParser
from walletdesk.api.schema import RequiredBodySchema
from walletdesk.api.serializers.messages import (
    MessageCreateSerializer,
    MessageSerializer,
    MessageUploadSerializer,
)
from walletdesk.api.views.common import console_user, error_responses
from walletdesk.core.errors import Conflict
from walletdesk.tickets import selectors, services
from walletdesk.tickets.attachments import Upload
from walletdesk.tickets.models import Message, Ticket


class TicketMessagesView(APIView):
    parser_classes = [JSONParser, MultiPartParser]
    pagination_class = Pagination
    schema = RequiredBodySchema()

    @extend_schema(
        summary=_("List a ticket's messages"),
        description=_(
            "Public replies, internal notes and system events, oldest first, with attachment "
            "metadata. Attachments download from the console with a signed-in session."
        ),
        responses={200: MessageSerializer(many=True), **error_responses(400, 404)},
    )
    def get(self, request: Request, ticket_id: int) -> Response:
        ticket = selectors.ticket_for_user(user=console_user(request), ticket_id=ticket_id)
        messages = selectors.thread(ticket=ticket, include_internal=True)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(messages, request, view=self)
        return paginator.get_paginated_response(MessageSerializer(page, many=True).data)

    @extend_schema(
        summary=_("Reply or add an internal note"),
        description=_(
            "JSON, or multipart form data with up to five files in `attachments`. With an "
            "`external_id` already stored on this ticket, nothing is added and the stored "
            "message is returned with 200."
        ),
        request={
            "application/json": MessageCreateSerializer,
            "multipart/form-data": MessageUploadSerializer,
        },
        responses={
            201: MessageSerializer,
            200: OpenApiResponse(
                MessageSerializer, description=_("The message already stored under external_id.")
            ),
            **error_responses(400, 404, 409, 413, 415),
        },
    )
    def post(self, request: Request, ticket_id: int) -> Response:
        user = console_user(request)
        ticket = selectors.ticket_for_user(user=user, ticket_id=ticket_id)
        multipart = isinstance(request.data, QueryDict)
        serializer_class = MessageUploadSerializer if multipart else MessageCreateSerializer
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        external_id: str | None = data.get("external_id") or None
        if external_id is not None:
            stored = _stored(ticket, external_id)
            if stored is not None:
                return Response(MessageSerializer(stored).data, status=200)
        uploads = [
            Upload(filename=upload.name or "", content=upload.read())
            for upload in data.get("attachments", [])
        ]
        try:
            message = services.message_add(
                ticket=ticket,
                author=services.Author(user=user),
                body=data.get("body", ""),
                kind=data["kind"],
                uploads=uploads,
                external_id=external_id,
            )
        except IntegrityError:
            # Two posts with the same external_id raced; the other one stored it first.
            stored = _stored(ticket, external_id) if external_id is not None else None
            if stored is None:
                raise
            return Response(MessageSerializer(stored).data, status=200)
        return Response(MessageSerializer(message).data, status=201)


def _stored(ticket: Ticket, external_id: str) -> Message | None:
    """The message already stored under this id for this ticket's channel, if any."""
    message = selectors.message_by_external_id(channel=ticket.channel, external_id=external_id)
    if message is not None and message.ticket_id != ticket.pk:
        raise Conflict(_("This external id already belongs to a message of another ticket."))
    return message
