from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from walletdesk.demo.seed import seed_demo, sign_in_text


class Command(BaseCommand):
    help = "Create the deterministic demo: users, customers with wallets, tickets, channels."

    def handle(self, *args: Any, **options: Any) -> None:
        result = seed_demo()
        if result.created:
            self.stdout.write(
                f"Demo created: {result.customers} customers, {result.tickets} tickets."
            )
        else:
            self.stdout.write("Demo data already present; nothing changed.")
        self.stdout.write(sign_in_text(settings.BASE_URL.rstrip("/")))
