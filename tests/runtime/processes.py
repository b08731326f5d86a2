"""Running `python -m walletdesk …` as an operator would, in the embedded mode's defaults."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

# Runs in a separate `walletdesk manage shell` process, which has no task consumer: the agent's
# reply queues the customer's email notification, which only a consumer elsewhere can send.
MAKE_A_REPLY = """
from walletdesk.identity.services import console_user_create, customer_create
from walletdesk.tickets.services import Author, message_add, ticket_create
secret = "tidal-Passphrase-91"  # not the customer's name (the password rules)
customer = customer_create(display_name="E2E", email="e2e@example.com", password=secret)
agent = console_user_create(username="e2e-agent", password=secret, role="agent",
                            teams=["frontline"])
ticket = ticket_create(channel="portal", subject="E2E", body="Hello", requester=customer)
message_add(ticket=ticket, body="We are looking into it.", author=Author(user=agent))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def embedded_env(data_dir: Path) -> dict[str, str]:
    """The test process's environment minus everything that would choose another mode: the
    test settings' own variables (data dir, inline tasks, secret), DATABASE_URL and REDIS_URL."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("WALLETDESK_")
        and name not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env["WALLETDESK_DATA_DIR"] = str(data_dir)
    env["PYTHONUNBUFFERED"] = "1"
    # These servers are never asked for a guess: no CPU-seconds of training while they start.
    env["WALLETDESK_ASSISTANT_WARM_UP"] = "0"
    return env


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "walletdesk", *args]


def walletdesk(*args: str, env: dict[str, str], cwd: Path) -> str:
    done = subprocess.run(  # noqa: S603 - our own interpreter and module, fixed arguments
        command(*args), env=env, cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def wait_for(condition: Callable[[], bool], *, seconds: float, explain: Callable[[], str]) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, explain()
        time.sleep(0.25)


def mail_files(data_dir: Path) -> list[Path]:
    """The embedded mode's sent mail: one .eml per message in the fake outbox."""
    return sorted((data_dir / "outbox" / "email").glob("*.eml"))


def outbox_has_mail(data_dir: Path) -> bool:
    return bool(mail_files(data_dir))


def sent_mail(data_dir: Path) -> str:
    return "".join(path.read_text(errors="replace") for path in mail_files(data_dir))
