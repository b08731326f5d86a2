"""`manage.py create_api_token USERNAME [--name NAME]`: print a new API key, and only the key,
so scripts can capture it. The key is not stored and cannot be shown again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from walletdesk.api.selectors import console_user_by_username
from walletdesk.api.services import api_token_create
from walletdesk.core.errors import ValidationFailed


class Command(BaseCommand):
    help = "Create an API token for a console user and print its key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The console user the token acts as.")
        parser.add_argument("--name", default="cli", help="What the token is for.")

    def handle(self, *args: Any, **options: Any) -> None:
        username: str = options["username"]
        user = console_user_by_username(username)
        if user is None:
            raise CommandError(
                _("There is no console user called %(username)s.") % {"username": username}
            )
        try:
            _token, key = api_token_create(user=user, name=options["name"])
        except ValidationFailed as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(key)
