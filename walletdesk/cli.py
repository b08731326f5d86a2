"""`walletdesk …` (also `python -m walletdesk …`): the operator's command line.

Each subcommand parses its arguments and hands over to Django, uvicorn or the task runtime.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

APP_FACTORY = "walletdesk.cli:asgi_app"
EMBEDDED_APP_FACTORY = "walletdesk.cli:embedded_asgi_app"
EXIT_USAGE = 2

Handler = Callable[[argparse.Namespace, list[str]], int]


def main(argv: Sequence[str] | None = None) -> int:
    # Everything this process creates (the data directory, databases, task queue, secret key,
    # attachments, outbox) is for the service's own user only: folders 0700, files 0600.
    os.umask(0o077)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "walletdesk.config.settings")
    from walletdesk.config.env import ConfigError

    try:
        import django

        django.setup()
    except ConfigError as exc:  # a bad environment variable: say which, no traceback
        print(f"walletdesk: {exc}", file=sys.stderr)
        return EXIT_USAGE
    from django.utils import translation

    with translation.override(_operator_language()):
        return _run(list(sys.argv[1:] if argv is None else argv))


def _operator_language() -> str:
    """English for operators whose locale is English; otherwise the default (zh-hans)."""
    from django.conf import settings

    locale = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG")
    if locale and locale.lower().startswith("en"):
        return "en"
    return str(settings.LANGUAGE_CODE)


def _run(argv: list[str]) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return EXIT_USAGE
    if extra and not getattr(args, "passthrough", False):
        parser.error(_("unrecognised arguments: %(args)s") % {"args": " ".join(extra)})
    try:
        return handler(args, extra)
    except KeyboardInterrupt:
        return 130


def _(message: str) -> str:
    from django.utils.translation import gettext

    return gettext(message)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="walletdesk",
        description=_("WalletDesk, the customer-service system for digital wallets."),
    )
    commands = parser.add_subparsers(title=_("commands"), metavar="COMMAND")

    serve = commands.add_parser("serve", help=_("Serve the web app, API and websockets."))
    serve.add_argument("--host", default="127.0.0.1", help=_("Address to listen on."))
    serve.add_argument("--port", type=int, default=8000, help=_("Port to listen on."))
    serve.add_argument(
        "--workers",
        type=int,
        default=None,
        help=_("Server processes (default: one per CPU)."),
    )
    serve.add_argument(
        "--access-log",
        action="store_true",
        help=_("Log every request line. Off by default: URLs can carry personal data."),
    )
    serve.set_defaults(handler=_serve)

    worker = commands.add_parser("worker", help=_("Run background tasks in the foreground."))
    worker.add_argument("--workers", type=int, default=None, help=_("Worker threads."))
    worker.set_defaults(handler=_worker)

    _passthrough(commands, "migrate", _("Create or update the database tables."), _migrate)
    _passthrough(commands, "seed-demo", _("Load the demo data and print the logins."), _seed)
    _passthrough(commands, "manage", _("Run any Django management command."), _manage)

    token = commands.add_parser(
        "create-api-token", help=_("Create an API token for a console user and print it.")
    )
    token.add_argument("username", help=_("The console user the token acts as."))
    token.add_argument("--name", default="", help=_("What the token is for."))
    token.set_defaults(handler=_create_api_token)

    assistant = commands.add_parser("assistant", help=_("The assistant's classifier."))
    assistant_commands = assistant.add_subparsers(title=_("commands"), metavar="COMMAND")
    evaluate = assistant_commands.add_parser(
        "evaluate",
        help=_(
            "Train the assistant's classifier on one CSV (columns text,category), test it on "
            "another and print the figures as JSON."
        ),
    )
    evaluate.add_argument("--train", required=True, type=Path, help=_("The training CSV."))
    evaluate.add_argument("--test", required=True, type=Path, help=_("The test CSV."))
    evaluate.set_defaults(handler=_assistant_evaluate)
    return parser


def _passthrough(commands: Any, name: str, help_text: str, handler: Handler) -> None:
    """A subcommand whose arguments (--help included) all go to the Django command behind it."""
    sub = commands.add_parser(name, help=help_text, add_help=False)
    sub.set_defaults(handler=handler, passthrough=True)


def _leave_operator_language() -> None:
    """Requests and tasks pick their own language; they must not inherit the operator's."""
    from django.utils import translation

    translation.deactivate()


def _refuse(message: str) -> int:
    print(f"walletdesk: {message}", file=sys.stderr)
    return EXIT_USAGE


def _serve(args: argparse.Namespace, extra: list[str]) -> int:
    import uvicorn
    from django.conf import settings

    workers = default_workers() if args.workers is None else args.workers
    if workers < 1:
        return _refuse(_("--workers must be at least 1."))
    # WhiteNoise warns at start-up while STATIC_ROOT does not exist (it does not until a
    # collectstatic); static files are found through the finders either way.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    common: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "access_log": args.access_log,
        "server_header": False,
        # uvicorn would take websocket messages of up to 16 MiB; ours are small JSON frames.
        "ws_max_size": settings.WEBSOCKET_MAX_MESSAGE_BYTES,
        # No permessage-deflate: its zlib state is ~40 KB per socket (most of an idle socket's
        # memory) and compressing small JSON frames costs more CPU than it saves bytes.
        "ws_per_message_deflate": False,
        "workers": workers,
        "factory": True,  # each worker process builds its own app (and its own consumer)
    }
    if settings.TASKS_EMBEDDED and not settings.TASKS_IMMEDIATE:
        print(
            _("Embedded mode: %(workers)d server processes; one of them runs the background tasks.")
            % {"workers": workers}
        )
        _leave_operator_language()
        uvicorn.run(EMBEDDED_APP_FACTORY, lifespan="on", **common)
    else:
        print(_("Background tasks are handled by `walletdesk worker` processes."))
        _leave_operator_language()
        uvicorn.run(APP_FACTORY, lifespan="off", **common)
    return 0


def default_workers() -> int:
    """One server process per CPU this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _quiet_static_warning() -> None:
    # WhiteNoise hands Django's ASGI handler synchronous file iterators; Django says so once
    # per process. Serving works; the line only worries operators.
    warnings.filterwarnings(
        "ignore", message="StreamingHttpResponse must consume synchronous iterators"
    )


def asgi_app() -> Any:
    """The app of one server process in the scaled mode (uvicorn calls this in each worker)."""
    _quiet_static_warning()
    from walletdesk.config.asgi import application  # sets Django up: apps import after it

    _warm_up_assistant()
    return application


def _warm_up_assistant() -> None:
    """Train the assistant in a thread while the server starts, so the first guess is quick."""
    from django.conf import settings

    from walletdesk.assistant.services import assistant_warm_up

    if settings.WALLETDESK_ASSISTANT_WARM_UP:
        assistant_warm_up()


def embedded_asgi_app() -> Any:
    """The app of one server process in the embedded mode: the ASGI app plus a candidate for
    the one task consumer that all the server processes share."""
    from walletdesk.core import tasks_runtime

    return tasks_runtime.WithEmbeddedTasks(
        asgi_app(), tasks_runtime.EmbeddedTasks.from_settings(elected=True)
    )


def _worker(args: argparse.Namespace, extra: list[str]) -> int:
    from django.conf import settings

    from walletdesk.core import tasks_runtime

    if settings.TASKS_IMMEDIATE:
        return _refuse(
            _(
                "Tasks run inline (WALLETDESK_TASKS_IMMEDIATE is on), so there is no queue to "
                "consume."
            )
        )
    if args.workers is not None and args.workers < 1:
        return _refuse(_("--workers must be at least 1."))
    storage = tasks_runtime.describe_storage(tasks_runtime.configured_huey())
    print(_("Consuming background tasks from %(storage)s.") % {"storage": storage})
    if settings.TASKS_EMBEDDED:
        print(
            _(
                "Note: `walletdesk serve` consumes the same queue in embedded mode. Both can "
                "run; each task still runs once."
            )
        )
    _leave_operator_language()
    tasks_runtime.run_worker(workers=args.workers)
    return 0


def _assistant_evaluate(args: argparse.Namespace, extra: list[str]) -> int:
    import json

    from walletdesk.assistant.data import DataError, read_csv
    from walletdesk.assistant.evaluate import evaluate

    try:
        train_set, test_set = read_csv(args.train), read_csv(args.test)
    except DataError as exc:
        return _refuse(str(exc))
    if len({e.category for e in train_set}) < 2:
        return _refuse(_("The training CSV needs at least two categories."))
    if not test_set:
        return _refuse(_("The test CSV has no rows."))
    print(json.dumps(evaluate(train_set, test_set), ensure_ascii=False, indent=2))
    return 0


def _migrate(args: argparse.Namespace, extra: list[str]) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["walletdesk", "migrate", *extra])
    return 0


def _manage(args: argparse.Namespace, extra: list[str]) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["walletdesk manage", *extra])
    return 0


def _seed(args: argparse.Namespace, extra: list[str]) -> int:
    return _call("seed_demo", *extra)


def _create_api_token(args: argparse.Namespace, extra: list[str]) -> int:
    options = ["--name", args.name] if args.name else []
    return _call("create_api_token", args.username, *options)


def _call(command: str, *arguments: str) -> int:
    """Run a Django management command that another part of WalletDesk provides."""
    from django.core.management import CommandError, call_command, get_commands

    if command not in get_commands():
        return _refuse(
            _("This installation has no %(command)s command yet.") % {"command": command}
        )
    try:
        call_command(command, *arguments)
    except CommandError as exc:
        print(f"walletdesk: {exc}", file=sys.stderr)
        return 1
    return 0
