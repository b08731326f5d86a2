from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "walletdesk.core"
    label = "core"

    def ready(self) -> None:
        from django.urls import register_converter

        from walletdesk.core.ids import IdConverter

        register_converter(IdConverter, "id")
