"""`walletdesk …`: each subcommand hands over to the right place, and refuses clearly."""

from __future__ import annotations

import os

import pytest
from django.core import management

from walletdesk import cli


def test_settings_module_from_the_environment_is_kept(capsys):
    assert cli.main(["manage", "check"]) == 0
    assert os.environ["DJANGO_SETTINGS_MODULE"] == "tests.settings"
    assert "System check identified no issues" in capsys.readouterr().out


@pytest.mark.parametrize("embedded", [True, False])
def test_serve_refuses_fewer_than_one_worker(settings, capsys, embedded):
    settings.TASKS_EMBEDDED = embedded
    assert cli.main(["serve", "--workers", "0"]) == cli.EXIT_USAGE
    assert "--workers" in capsys.readouterr().err


def test_serve_defaults_to_one_worker_per_usable_cpu():
    assert cli.default_workers() == len(os.sched_getaffinity(0))


def test_each_worker_builds_an_app_that_stands_for_the_one_task_consumer(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    app = cli.embedded_asgi_app()
    assert app.tasks.lock is not None
    assert app.tasks.lock.path == tmp_path / "tasks.consumer.lock"


def test_serve_rejects_arguments_it_does_not_know():
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["serve", "--reload"])
    assert exit_info.value.code == 2


def test_worker_refuses_when_tasks_run_inline(settings, capsys):
    settings.TASKS_IMMEDIATE = True
    assert cli.main(["worker"]) == cli.EXIT_USAGE
    assert "WALLETDESK_TASKS_IMMEDIATE" in capsys.readouterr().err


def test_migrate_passes_every_argument_through_even_help(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["migrate", "--help"])
    assert exit_info.value.code == 0
    assert "--plan" in capsys.readouterr().out  # Django's migrate help, not ours


@pytest.mark.django_db
def test_create_api_token_prints_a_key(agent, capsys):
    assert cli.main(["create-api-token", agent.username, "--name", "ci"]) == 0
    key = capsys.readouterr().out.strip()
    assert len(key) >= 20
    assert agent.username not in key


@pytest.mark.django_db
def test_create_api_token_for_nobody_fails_with_a_message(capsys):
    assert cli.main(["create-api-token", "nobody-by-this-name"]) == 1
    assert "nobody-by-this-name" in capsys.readouterr().err


def test_a_command_not_installed_yet_is_named(monkeypatch, capsys):
    monkeypatch.setattr(management, "get_commands", lambda: {})
    assert cli.main(["seed-demo"]) == cli.EXIT_USAGE
    assert "seed_demo" in capsys.readouterr().err


def test_without_a_command_help_is_shown(capsys):
    assert cli.main([]) == cli.EXIT_USAGE
    out = capsys.readouterr().out
    for command in ("serve", "worker", "migrate", "seed-demo", "create-api-token", "manage"):
        assert command in out
