from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "walletdesk.demo"
    label = "demo"
