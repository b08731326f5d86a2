"""/api/v1/tickets/{id}/messages/: the whole thread, internal notes included, and posting."""

from __future__ import annotations

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
from walletdesk.tickets import selectors
from walletdesk.tickets.attachments import Upload
from walletdesk.tickets.inbound import InboundMessage, Sender, inbound_receive


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
            "`external_id` you already posted on this ticket, nothing is added and the stored "
            "message is returned with 200. Ids are yours alone: the same id sent by someone "
            "else, or to another ticket, is a new message."
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
        uploads = tuple(
            Upload(filename=upload.name or "", content=upload.read())
            for upload in data.get("attachments", [])
        )
        result = inbound_receive(
            InboundMessage(
                channel=ticket.channel,
                sender=Sender.agent(user),
                ticket_id=ticket.pk,
                kind=data["kind"],
                text=data.get("body", ""),
                attachments=uploads,
                external_id=data.get("external_id", ""),
            )
        )
        status = 201 if result.message_created else 200
        return Response(MessageSerializer(result.message).data, status=status)
