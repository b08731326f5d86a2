from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "walletdesk.api"
    label = "api"
