"""/api/schema/ and /api/docs/: public, self-hosted, and saying what the API really does."""

from __future__ import annotations

import re

from django.test import Client


def test_schema_is_public_and_describes_auth_and_errors(db):
    response = Client().get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "WalletDesk API"
    assert set(schema["paths"]) == {
        "/api/v1/tickets/",
        "/api/v1/tickets/{ticket_id}/",
        "/api/v1/tickets/{ticket_id}/messages/",
        "/api/v1/customers/{customer_id}/",
        "/api/v1/customers/{customer_id}/freeze",
        "/api/v1/verify",
        "/api/v1/customers/{customer_id}/evidence/",
        "/api/v1/diagnose",
        "/api/v1/assistant/classify",
    }
    assert schema["components"]["securitySchemes"]["tokenAuth"]["name"] == "Authorization"
    patch = schema["paths"]["/api/v1/tickets/{ticket_id}/"]["patch"]
    assert {"200", "400", "401", "403", "404", "409", "429"} <= set(patch["responses"])
    conflict = patch["responses"]["409"]["content"]["application/json"]["schema"]
    assert conflict == {"$ref": "#/components/schemas/Error"}
    create = schema["components"]["schemas"]["TicketCreateRequest"]
    assert len(create["anyOf"]) == 2  # a requester or a contact


def test_docs_are_served_without_any_cdn(db):
    page = Client().get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources, html
    assert all(source.startswith("/") for source in sources), sources
    assert "cdn" not in html
    # The start-up script is a separate response, not an inline block in the page.
    assert "<script>" not in html
    script = next(source for source in sources if "script" in source and "static" not in source)
    js = Client().get(script)
    assert js.status_code == 200
    assert "/api/schema/" in js.content.decode()
    bundle = next(source for source in sources if source.endswith("swagger-ui-bundle.js"))
    static = Client().get(bundle)
    static.close()  # a file response: let go of the file handle
    assert static.status_code == 200
