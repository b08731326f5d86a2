"""Content negotiation that reads an empty `?format=` as what it is: no known format.

DRF filters the renderers by a non-empty `format` and answers 404 when none matches, but
passes an empty one by, silently meaning the default; the schema lists the formats an
endpoint has, and an empty value is none of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import Http404
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request


class ContentNegotiation(DefaultContentNegotiation):
    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[Any, str]:
        override = self.settings.URL_FORMAT_OVERRIDE
        if not format_suffix and override and request.query_params.get(override, None) == "":
            raise Http404
        selected: tuple[Any, str] = super().select_renderer(request, renderers, format_suffix)
        return selected
