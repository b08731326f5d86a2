from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "walletdesk.identity"
    label = "identity"
