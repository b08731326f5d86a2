"""Limit/offset pagination: `?limit=50&offset=100`. Lists answer
`{"count", "count_capped", "next", "previous", "results"}`.

A page costs the same however long the list: the page is read as `limit + 1` rows (the extra
one says whether there is a next page) and `count` is counted no further than COUNT_CAP
(`count_capped: true` then says "at least this many"). Follow `next` to walk past the cap.

Unlike DRF's default, a `limit` or `offset` that is not a number is a 400, not silently the
default: a client with a bug should hear about it. A `limit` above MAX_LIMIT is capped.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
# Far past any real list, and small enough for every database's OFFSET.
MAX_OFFSET = 1_000_000_000
_MAX_DIGITS = 18
COUNT_CAP = 1000


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

    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Request, view: Any = None
    ) -> list[Any]:
        limit, offset = self.get_limit(request), self.get_offset(request)
        self.request, self.limit, self.offset = request, limit, offset
        rows = list(queryset[offset : offset + limit + 1])
        self.has_next = len(rows) > limit
        self._past_page = offset + limit + 1
        if offset == 0 and not self.has_next:
            self.count, self.count_capped = len(rows), False  # all of it: nothing to count
        else:
            counted = queryset.order_by()[: COUNT_CAP + 1].count()
            self.count_capped = counted > COUNT_CAP
            self.count = max(min(counted, COUNT_CAP), offset + min(len(rows), limit))
        return rows[:limit]

    def get_next_link(self) -> str | None:
        if not self.has_next:
            return None
        # DRF stops at `count`; a capped count is a floor, so move on from this page instead.
        saved, self.count = self.count, self._past_page
        try:
            return super().get_next_link()
        finally:
            self.count = saved

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "count": self.count,
                "count_capped": self.count_capped,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        response: dict[str, Any] = super().get_paginated_response_schema(schema)
        response["properties"]["count"]["description"] = str(
            _("How many there are, counted up to %(cap)d.") % {"cap": COUNT_CAP}
        )
        response["properties"]["count_capped"] = {
            "type": "boolean",
            "description": str(_("True when there are more than `count`: follow `next`.")),
        }
        response["required"] = [*response.get("required", []), "count_capped"]
        return response

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.limit_query_param: {"minimum": 1, "maximum": 10**_MAX_DIGITS - 1},
            self.offset_query_param: {"minimum": 0, "maximum": 10**_MAX_DIGITS - 1},
        }
        for parameter in parameters:
            parameter["schema"] = {**parameter["schema"], **bounds.get(parameter["name"], {})}
        return parameters
