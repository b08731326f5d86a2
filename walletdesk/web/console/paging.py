"""Pages of a long list without counting the whole table.

A page is read as one slice of `size + 1` rows (the extra row says whether a next page exists),
and the total is counted only up to `COUNT_CAP`: past it the list shows "1,000+". Either query
stops after a bounded number of rows, so a page costs the same at 1,000 tickets as at 100,000.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import Model, QuerySet

COUNT_CAP = 1000
# Past this page the database would walk millions of rows to skip them; nobody pages that far.
MAX_PAGE = 20_000

_M = TypeVar("_M", bound=Model)


@dataclass(frozen=True)
class Page(Generic[_M]):
    object_list: list[_M]
    number: int
    size: int
    has_next: bool
    count: int  # exact, or COUNT_CAP when `count_capped`
    count_capped: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def num_pages(self) -> int | None:
        """Known only while the count is exact."""
        if self.count_capped:
            return None
        return max(1, -(-self.count // self.size))


def page_number(raw: Any) -> int:
    """A page number from the query string; anything that is not one means the first page."""
    text = str(raw or "")
    if not (text.isascii() and text.isdigit()) or len(text) > 6:
        return 1
    return min(max(int(text), 1), MAX_PAGE)


def capped_count(queryset: QuerySet[Any]) -> tuple[int, bool]:
    """How many rows, counting no further than COUNT_CAP; and whether it stopped there."""
    counted = queryset.order_by()[: COUNT_CAP + 1].count()
    return min(counted, COUNT_CAP), counted > COUNT_CAP


def page_of(queryset: QuerySet[_M], *, number: int, size: int) -> Page[_M]:
    offset = (number - 1) * size
    rows = list(queryset[offset : offset + size + 1])
    has_next = len(rows) > size
    if number == 1 and not has_next:
        count, capped = len(rows), False  # the whole list is on this page: no count query
    else:
        count, capped = capped_count(queryset)
    if not capped and number > 1 and not rows:
        last = max(1, -(-count // size))
        if last < number:  # past the end: show the last page, as Django's paginator does
            return page_of(queryset, number=last, size=size)
    return Page(rows[:size], number, size, has_next, count, capped)
