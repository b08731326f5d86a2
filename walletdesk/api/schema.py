"""What the OpenAPI schema says that serializers alone cannot: "this field or that one",
"a body is required".

Registered when the app is ready (see apps.py). Schemathesis holds the API to these rules.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.openapi import AutoSchema

NOT_BLANK_PATTERN = r"\S"


class TicketCreateSchema(OpenApiSerializerExtension):  # type: ignore[no-untyped-call]  # untyped base
    target_class = "walletdesk.api.serializers.tickets.TicketCreateSerializer"

    def map_serializer(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        schema: dict[str, Any] = auto_schema._map_basic_serializer(self.target, direction)
        schema["anyOf"] = [
            {"required": ["requester"], "properties": {"requester": {"type": "integer"}}},
            {
                "required": ["contact"],
                "properties": {"contact": {"type": "string", "pattern": NOT_BLANK_PATTERN}},
            },
        ]
        return schema


class MessageUploadSchema(OpenApiSerializerExtension):  # type: ignore[no-untyped-call]  # untyped base
    target_class = "walletdesk.api.serializers.messages.MessageUploadSerializer"

    def map_serializer(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        schema: dict[str, Any] = auto_schema._map_basic_serializer(self.target, direction)
        schema["anyOf"] = [
            {
                "required": ["body"],
                "properties": {"body": {"type": "string", "pattern": NOT_BLANK_PATTERN}},
            },
            {"required": ["attachments"], "properties": {"attachments": {"minItems": 1}}},
        ]
        return schema


class DiagnoseRequestSchema(OpenApiSerializerExtension):  # type: ignore[no-untyped-call]  # untyped base
    target_class = "walletdesk.api.serializers.diagnose.DiagnoseRequestSerializer"

    def map_serializer(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        schema: dict[str, Any] = auto_schema._map_basic_serializer(self.target, direction)
        # A reference or criteria, never both.
        schema["oneOf"] = [{"required": ["transaction"]}, {"required": ["criteria"]}]
        return schema


class RequiredBodySchema(AutoSchema):
    """For views whose every write needs a body even though no single field is required
    (a message needs text or files): spectacular would mark the body optional."""

    def _get_request_body(self, direction: str = "request") -> Any:
        body = super()._get_request_body(direction)  # type: ignore[no-untyped-call]  # untyped
        if body:
            body["required"] = True
        return body
