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
        self._keep_search_current()

    def _keep_search_current(self) -> None:
        """Every write path (services, inbound channels, admin) re-indexes after commit."""
        from django.db.models.signals import post_save

        from walletdesk.identity.models import Customer
        from walletdesk.tickets import search
        from walletdesk.tickets.models import Message, Ticket

        post_save.connect(search.on_ticket_saved, sender=Ticket, dispatch_uid="search.ticket")
        post_save.connect(search.on_message_saved, sender=Message, dispatch_uid="search.msg")
        post_save.connect(search.on_customer_saved, sender=Customer, dispatch_uid="search.customer")
