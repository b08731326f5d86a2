"""Thread messages (replies, internal notes, system events) and their attachments."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from walletdesk.api.serializers.common import StrictCharField, UserRefSerializer, required_text
from walletdesk.tickets.attachments import MAX_FILES_PER_MESSAGE
from walletdesk.tickets.choices import AuthorKind, Channel, MessageKind
from walletdesk.tickets.models import Attachment, Message

# Attachments are served by the console's permission-checked download view.
ATTACHMENT_URL = "/console/attachments/{id}/"


class AttachmentSerializer(serializers.Serializer[Attachment]):
    id = serializers.IntegerField()
    filename = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField(help_text=_("In bytes."))
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, attachment: Attachment) -> str:
        return ATTACHMENT_URL.format(id=attachment.pk)


class MessageSerializer(serializers.Serializer[Any]):  # Any: also used with many=True
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=MessageKind.choices)
    author_kind = serializers.ChoiceField(choices=AuthorKind.choices)
    author_name = serializers.SerializerMethodField()
    recorded_by = UserRefSerializer(
        allow_null=True,
        help_text=_("The agent who wrote down the customer's words (phone, walk-in), if any."),
    )
    sender_verified = serializers.BooleanField(
        help_text=_("False when the sender's identity rests only on what the channel claims.")
    )
    body = serializers.CharField()
    channel = serializers.ChoiceField(choices=Channel.choices)
    external_id = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField()
    attachments = AttachmentSerializer(many=True, source="attachments.all")

    def get_author_name(self, message: Message) -> str:
        """Who wrote it, as people call them: the agent's name, the customer's display name,
        or the kind of author for the assistant and system events."""
        if message.author_user is not None:
            return str(message.author_user)
        if message.author_customer is not None:
            return message.author_customer.display_name
        return str(AuthorKind(message.author_kind).label)


class MessageCreateSerializer(serializers.Serializer[Any]):
    body = required_text(max_length=20_000, help_text=_("The text."))
    kind = serializers.ChoiceField(
        choices=[MessageKind.REPLY, MessageKind.NOTE],
        default=MessageKind.REPLY,
        help_text=_('"reply" goes to the customer; "note" is internal.'),
    )
    external_id = required_text(
        max_length=255,
        required=False,
        help_text=_(
            "Your id for this message. Posting the same id again returns the message stored "
            "the first time (200) instead of adding a second one."
        ),
    )


class MessageUploadSerializer(MessageCreateSerializer):
    """The multipart form of the same request, with files. The schema adds: a non-blank `body`
    or at least one file is required (see schema.py)."""

    body = StrictCharField(
        max_length=20_000,
        required=False,
        allow_blank=True,
        help_text=_("The text. May be empty when files are attached."),
    )
    attachments = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        max_length=MAX_FILES_PER_MESSAGE,
        help_text=_("Images, PDF, CSV or text files."),
    )
