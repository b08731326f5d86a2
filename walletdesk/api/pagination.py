"""Limit/offset pagination: `?limit=50&offset=100`. Lists answer
`{"count", "next", "previous", "results"}`; `limit` is capped at MAX_LIMIT."""

from __future__ import annotations

from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
# Far past any real list, and small enough for every database's OFFSET.
MAX_OFFSET = 1_000_000_000


class Pagination(LimitOffsetPagination):
    default_limit = DEFAULT_LIMIT
    max_limit = MAX_LIMIT

    def get_offset(self, request: Request) -> int:
        return min(super().get_offset(request), MAX_OFFSET)
