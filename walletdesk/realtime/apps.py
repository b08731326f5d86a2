from django.apps import AppConfig


class RealtimeConfig(AppConfig):
    name = "walletdesk.realtime"
    label = "realtime"
