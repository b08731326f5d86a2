"""Personal data stays private: no caching of signed-in pages, HSTS in secure mode, and a data
directory only the service's own user can read."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.runtime.processes import embedded_env, walletdesk
from tests.security.test_hostile_input import _client_for, _clients, _fill, _routes, request
from tests.security.test_hostile_input import world as world
from walletdesk.web.security import PUBLIC_PATHS, PUBLIC_PREFIXES

pytestmark = pytest.mark.django_db


def test_every_page_and_endpoint_is_not_stored_by_caches(world):
    supervisor, customer, real_ids = world
    clients = _clients(supervisor, customer)
    checked = 0
    for route, _converters in _routes():
        path = _fill(route, real_ids)
        for client in _client_for(route, clients):
            response = request(client, "get", path)
            if client is clients["anonymous"] and (
                path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)
            ):
                continue  # the public home page and help articles
            assert "no-store" in response.get("Cache-Control", ""), (path, response.status_code)
            checked += 1
    assert checked > 30


def test_the_public_home_page_may_be_cached_until_someone_signs_in(client: Client, customer):
    from tests.web_portal.conftest import sign_in

    assert "no-store" not in client.get("/").get("Cache-Control", "")
    sign_in(client, customer)
    assert "no-store" in client.get("/")["Cache-Control"]


def test_static_files_keep_their_own_caching(client: Client):
    static_dir = Path(django_settings.STATICFILES_DIRS[0])
    script = next(static_dir.rglob("*.js")).relative_to(static_dir).as_posix()
    response = client.get(f"/static/{script}")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    b"".join(response.streaming_content)  # closes the file


def _settings_in_a_fresh_process(tmp_path: Path, **env: str) -> dict[str, Any]:
    code = (
        "import json; from django.conf import settings as s; import django; django.setup(); "
        "print(json.dumps({n: getattr(s, n) for n in ('SECURE_HSTS_SECONDS', "
        "'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD')}))"
    )
    process_env = {
        **embedded_env(tmp_path / "data"),
        "DJANGO_SETTINGS_MODULE": "walletdesk.config.settings",
        **env,
    }
    done = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", code], env=process_env, capture_output=True, text=True, check=True
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_hsts_is_on_in_secure_mode_only(tmp_path: Path):
    secure = _settings_in_a_fresh_process(tmp_path, WALLETDESK_SECURE_COOKIES="1")
    assert secure == {
        "SECURE_HSTS_SECONDS": 365 * 24 * 3600,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": False,
    }
    plain = _settings_in_a_fresh_process(tmp_path)
    assert plain["SECURE_HSTS_SECONDS"] == 0
    preload = _settings_in_a_fresh_process(
        tmp_path, WALLETDESK_SECURE_COOKIES="1", WALLETDESK_HSTS_PRELOAD="1"
    )
    assert preload["SECURE_HSTS_PRELOAD"] is True


def test_secure_requests_carry_hsts(client: Client, settings: Any):
    settings.SECURE_HSTS_SECONDS = 365 * 24 * 3600
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/console/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_migrate_creates_a_data_directory_only_its_owner_can_read(tmp_path: Path):
    data_dir = tmp_path / "fresh" / "data"
    env = embedded_env(data_dir)
    # The operator's shell may be permissive; the command must not depend on it.
    previous = os.umask(0o022)
    try:
        walletdesk("migrate", "--no-input", env=env, cwd=tmp_path)
        walletdesk(
            "manage",
            "shell",
            "-c",
            "from django.core.mail import send_mail; "
            "send_mail('s', 'b', 'a@example.com', ['c@example.com'])",
            env=env,
            cwd=tmp_path,
        )
    finally:
        os.umask(previous)
    names = {path.name for path in data_dir.rglob("*")}
    assert {"walletdesk.sqlite3", "secret_key", "outbox"} <= names, names
    for path in [data_dir, *data_dir.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        expected = 0o700 if path.is_dir() else 0o600
        assert mode == expected, (str(path.relative_to(tmp_path)), oct(mode))
