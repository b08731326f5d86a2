from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "walletdesk.tickets"
    label = "tickets"
    verbose_name = _("Tickets")

    def ready(self) -> None:
        from walletdesk.outbox.signals import delivery_changed
        from walletdesk.tickets.delivery import refresh_thread_on_delivery

        delivery_changed.connect(refresh_thread_on_delivery, dispatch_uid="tickets.delivery")
