"""Oversized request bodies are refused while they arrive, through the real ASGI application
(walletdesk.config.asgi.application), before Django reads or spools them."""

from __future__ import annotations

import asyncio
import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from walletdesk.tickets.attachments import MAX_FILES_PER_MESSAGE
from walletdesk.web.bodylimit import upload_limit

CHUNK = 1024


@pytest.fixture(autouse=True)
def _test_connections_stay_open() -> Iterator[None]:
    """As Django's test client does: a request's start and end must not close the test
    run's database connections (they would, being inside the test's transaction)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture(autouse=True)
def small_limits(settings: Any) -> None:
    settings.ATTACHMENT_MAX_BYTES = 4 * CHUNK
    settings.REQUEST_FORM_OVERHEAD_BYTES = CHUNK
    settings.REQUEST_MAX_BYTES_WITHOUT_FILES = 2 * CHUNK


@pytest.fixture(autouse=True)
def private_temp_dir(tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every temporary file Django could write (its body spool, upload files) lands here."""
    Path(django_settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # whitenoise warns
    spool = tmp_path / "spool"
    spool.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(spool)
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    return spool


@dataclass
class Exchange:
    status: int = 0
    headers: dict[bytes, bytes] = field(default_factory=dict)
    body: bytes = b""
    bytes_pulled: int = 0
    receive_calls: int = 0

    def json(self) -> Any:
        return json.loads(self.body)


def _chunks(size: int) -> Iterator[bytes]:
    while size > 0:
        yield b"x" * min(CHUNK, size)
        size -= CHUNK


def call(
    path: str, *, headers: list[tuple[bytes, bytes]], body_size: int, method: str = "POST"
) -> Exchange:
    """One HTTP request through the ASGI app; the client streams `body_size` bytes on demand."""
    from walletdesk.config.asgi import application

    exchange = Exchange()
    chunks = _chunks(body_size)
    pending = next(chunks, None)

    async def receive() -> dict[str, Any]:
        nonlocal pending
        exchange.receive_calls += 1
        if pending is None and exchange.receive_calls > 1:
            await asyncio.Event().wait()  # the client keeps the connection open, silent
        chunk, pending = pending or b"", next(chunks, None)
        exchange.bytes_pulled += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": pending is not None}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            exchange.status = message["status"]
            exchange.headers = dict(message["headers"])
        elif message["type"] == "http.response.body":
            exchange.body += message.get("body", b"")

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    async_to_sync(application)(scope, receive, send)
    return exchange


JSON = (b"content-type", b"application/json")
MULTIPART = (b"content-type", b"multipart/form-data; boundary=x")


def test_the_upload_limit_allows_every_file_of_a_message_at_its_largest():
    assert upload_limit() == 4 * CHUNK * MAX_FILES_PER_MESSAGE + CHUNK


def test_a_declared_length_over_the_limit_is_refused_before_a_byte_is_read():
    huge = str(1536 * 1024 * 1024).encode()  # 1.5 GB, as a stranger once sent
    exchange = call("/api/v1/tickets/", headers=[JSON, (b"content-length", huge)], body_size=0)
    assert exchange.status == 413
    assert exchange.receive_calls == 0
    assert exchange.json()["error"]["code"] == "request_too_large"
    assert exchange.headers[b"cache-control"] == b"no-store"


def test_an_upload_form_may_be_larger_than_a_json_body_but_not_without_bound():
    within = str(upload_limit()).encode()
    over = str(upload_limit() + 1).encode()
    path = "/api/v1/tickets/1/messages/"
    # Within the upload limit the request reaches Django, which asks for a token.
    allowed = call(path, headers=[MULTIPART, (b"content-length", within)], body_size=upload_limit())
    assert allowed.status == 401
    refused = call(path, headers=[MULTIPART, (b"content-length", over)], body_size=0)
    assert refused.status == 413
    assert refused.receive_calls == 0
    as_json = call(path, headers=[JSON, (b"content-length", within)], body_size=0)
    assert as_json.status == 413


@pytest.mark.parametrize("path", ["/api/v1/tickets/", "/contact/", "/console/login/"])
def test_a_body_of_unknown_length_is_cut_off_once_over_the_limit(path: str, private_temp_dir):
    limit = django_settings.REQUEST_MAX_BYTES_WITHOUT_FILES
    exchange = call(path, headers=[JSON], body_size=100 * limit)
    assert exchange.status == 413
    # Reading stopped at the first chunk past the limit; the rest was never taken in.
    assert exchange.bytes_pulled <= limit + CHUNK
    assert list(private_temp_dir.iterdir()) == []
    if path.startswith("/api/"):
        assert exchange.json()["error"]["code"] == "request_too_large"


def test_a_chunked_upload_is_cut_off_too(private_temp_dir):
    exchange = call("/contact/", headers=[MULTIPART], body_size=10 * upload_limit())
    assert exchange.status == 413
    assert exchange.bytes_pulled <= upload_limit() + CHUNK
    assert list(private_temp_dir.iterdir()) == []


@pytest.mark.parametrize("length", [b"abc", b"-1", b"1e9", b"9" * 40])
def test_a_malformed_length_is_a_bad_request(length: bytes):
    exchange = call("/api/v1/tickets/", headers=[JSON, (b"content-length", length)], body_size=0)
    assert exchange.status == 400
    assert exchange.json()["error"]["code"] == "malformed_request"


def test_a_small_body_reaches_the_application():
    exchange = call("/api/v1/tickets/", headers=[JSON, (b"content-length", b"2")], body_size=2)
    assert exchange.status == 401
    assert exchange.json()["error"]["code"] == "not_authenticated"


@pytest.mark.parametrize("path", ["/api/v1/tickets/", "/console/login/", "/nonexistent/", "/"])
def test_a_multipart_body_is_held_to_the_small_limit_where_no_files_are_taken(path: str):
    over = str(django_settings.REQUEST_MAX_BYTES_WITHOUT_FILES + 1).encode()
    exchange = call(path, headers=[MULTIPART, (b"content-length", over)], body_size=0)
    assert exchange.status == 413
    assert exchange.receive_calls == 0
