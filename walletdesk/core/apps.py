from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "walletdesk.core"
    label = "core"

    def ready(self) -> None:
        from django.urls import register_converter

        from walletdesk.core.ids import IdConverter, KeyConverter

        register_converter(IdConverter, "id")
        register_converter(KeyConverter, "key")
