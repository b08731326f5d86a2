from django.apps import AppConfig


class RealtimeConfig(AppConfig):
    name = "walletdesk.realtime"
    label = "realtime"

    def ready(self) -> None:
        from walletdesk.realtime import signals

        signals.connect()
