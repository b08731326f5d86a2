"""Limit/offset pagination: `?limit=50&offset=100`. Lists answer
`{"count", "next", "previous", "results"}`.

Unlike DRF's default, a `limit` or `offset` that is not a number is a 400, not silently the
default: a client with a bug should hear about it. A `limit` above MAX_LIMIT is capped.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
# Far past any real list, and small enough for every database's OFFSET.
MAX_OFFSET = 1_000_000_000
_MAX_DIGITS = 18


def _number(request: Request, name: str, *, minimum: int) -> int | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if not raw.isascii() or not raw.isdigit() or len(raw) > _MAX_DIGITS or int(raw) < minimum:
        raise ValidationError(
            {name: [_("Enter a whole number of at least %(minimum)d.") % {"minimum": minimum}]}
        )
    return int(raw)


class Pagination(LimitOffsetPagination):
    default_limit = DEFAULT_LIMIT
    max_limit = MAX_LIMIT

    def get_limit(self, request: Request) -> int:
        limit = _number(request, self.limit_query_param, minimum=1)
        return DEFAULT_LIMIT if limit is None else min(limit, MAX_LIMIT)

    def get_offset(self, request: Request) -> int:
        offset = _number(request, self.offset_query_param, minimum=0)
        return 0 if offset is None else min(offset, MAX_OFFSET)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.limit_query_param: {"minimum": 1, "maximum": 10**_MAX_DIGITS - 1},
            self.offset_query_param: {"minimum": 0, "maximum": 10**_MAX_DIGITS - 1},
        }
        for parameter in parameters:
            parameter["schema"] = {**parameter["schema"], **bounds.get(parameter["name"], {})}
        return parameters
