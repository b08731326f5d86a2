"""Django's `changepassword`, ending the user's sessions, sockets and API tokens as every other
password change does (`identity.sessions.sessions_revoke`)."""

from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth.management.commands import changepassword

from walletdesk.identity.models import User
from walletdesk.identity.sessions import sessions_revoke


class Command(changepassword.Command):
    def handle(self, *args: Any, **options: Any) -> str:
        result = str(super().handle(*args, **options))  # raises unless the password changed
        username = options["username"] or getpass.getuser()
        user = User.objects.using(options["database"]).get(username=username)
        sessions_revoke(user=user, reason="password_changed_by_command")
        return result
