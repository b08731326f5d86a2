"""/api/: v1 endpoints, the OpenAPI schema and its docs, then a JSON 404 for everything else."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

from walletdesk.api.errors import not_found
from walletdesk.api.throttling import PublicRateThrottle
from walletdesk.api.views.assistant import ClassifyView
from walletdesk.api.views.customers import CustomerDetailView
from walletdesk.api.views.diagnose import DiagnoseView
from walletdesk.api.views.evidence import CustomerEvidenceView
from walletdesk.api.views.freeze import CustomerFreezeView
from walletdesk.api.views.messages import TicketMessagesView
from walletdesk.api.views.tickets import TicketDetailView, TicketListView
from walletdesk.api.views.verify import VerifyView

app_name = "api"

v1: list[URLPattern | URLResolver] = [
    path("v1/tickets/", TicketListView.as_view(), name="tickets"),
    path("v1/tickets/<id:ticket_id>/", TicketDetailView.as_view(), name="ticket"),
    path("v1/tickets/<id:ticket_id>/messages/", TicketMessagesView.as_view(), name="messages"),
    path("v1/customers/<id:customer_id>/", CustomerDetailView.as_view(), name="customer"),
    path(
        "v1/customers/<id:customer_id>/freeze",
        CustomerFreezeView.as_view(),
        name="customer-freeze",
    ),
    path("v1/verify", VerifyView.as_view(), name="verify"),
    path("v1/diagnose", DiagnoseView.as_view(), name="diagnose"),
    path("v1/assistant/classify", ClassifyView.as_view(), name="assistant-classify"),
    path(
        "v1/customers/<id:customer_id>/evidence/",
        CustomerEvidenceView.as_view(),
        name="customer-evidence",
    ),
]

# The schema and its docs are public: they describe the API, they hold no data.
docs: list[URLPattern | URLResolver] = [
    path(
        "schema/",
        SpectacularAPIView.as_view(
            authentication_classes=[],
            permission_classes=[AllowAny],
            throttle_classes=[PublicRateThrottle],
        ),
        name="schema",
    ),
    path(
        # The split view serves its start-up script from a URL, not inline in the page.
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema",
            authentication_classes=[],
            permission_classes=[AllowAny],
            throttle_classes=[PublicRateThrottle],
        ),
        name="docs",
    ),
]

urlpatterns: list[URLPattern | URLResolver] = [
    *v1,
    *docs,
    # Keep last: every other /api/ address answers with the JSON error shape, not HTML.
    # A bare "^" matches any rest of the path, newlines included (".*" would not).
    re_path(r"^", not_found, name="not-found"),
]
