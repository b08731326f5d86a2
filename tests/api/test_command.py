"""`manage.py create_api_token USERNAME`: prints only the key, and the key works."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from walletdesk.api.models import ApiToken


def test_prints_a_working_key(supervisor):
    out, err = StringIO(), StringIO()
    call_command("create_api_token", supervisor.username, "--name", "crm", stdout=out, stderr=err)
    key = out.getvalue().strip()
    assert "\n" not in key
    assert err.getvalue() == ""
    token = ApiToken.objects.get()
    assert token.user == supervisor
    assert token.name == "crm"
    assert token.prefix == key[:8]
    response = Client(headers={"Authorization": f"Bearer {key}"}).get("/api/v1/tickets/")
    assert response.status_code == 200


def test_unknown_user_is_an_error(db):
    out = StringIO()
    with pytest.raises(CommandError, match="nobody"):
        call_command("create_api_token", "nobody", stdout=out)
    assert out.getvalue() == ""
    assert not ApiToken.objects.exists()


def test_inactive_user_is_an_error(agent):
    agent.is_active = False
    agent.save(update_fields=["is_active"])
    with pytest.raises(CommandError):
        call_command("create_api_token", agent.username, stdout=StringIO())
    assert not ApiToken.objects.exists()


def test_exit_status_and_streams_from_the_command_line(supervisor, capfd):
    """Run as `manage.py` would: errors on stderr, non-zero exit, nothing on stdout."""
    from django.core.management import execute_from_command_line

    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(["manage.py", "create_api_token", "ghost"])
    assert exited.value.code == 1
    captured = capfd.readouterr()
    assert captured.out == ""
    assert "ghost" in captured.err
