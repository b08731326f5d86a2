from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "walletdesk.api"
    label = "api"

    def ready(self) -> None:
        # Importing registers the OpenAPI schema extensions with drf-spectacular.
        from walletdesk.api import schema  # noqa: F401
