from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "walletdesk.safety"
    label = "safety"
