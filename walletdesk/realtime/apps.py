from django.apps import AppConfig


class RealtimeConfig(AppConfig):
    name = "walletdesk.realtime"
    label = "realtime"

    def ready(self) -> None:
        from walletdesk.realtime import chat_hub, signals

        signals.connect()
        chat_hub.install()  # core.chatbus.publish reaches this process's hub and the others
