"""`walletdesk manage load_help_articles`: load `content/` now (every `migrate` does it too)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from walletdesk.helpcentre.services import help_content_sync


class Command(BaseCommand):
    help = "Load the help-centre articles kept in the repository."

    def handle(self, *args: Any, **options: Any) -> None:
        changed = help_content_sync()
        self.stdout.write(f"help articles created or updated: {changed}")
