"""`walletdesk manage reindex_search`: rebuild the ticket search index from the ticket rows."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from walletdesk.tickets.search import reindex_all


class Command(BaseCommand):
    help = "Rebuild the ticket search index from the database."

    def handle(self, *args: Any, **options: Any) -> None:
        count = reindex_all()
        self.stdout.write(_("Search index rebuilt: %(count)d tickets.") % {"count": count})
