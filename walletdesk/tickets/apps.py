from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "walletdesk.tickets"
    label = "tickets"
