from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "walletdesk.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        # Importing registers the OpenAPI schema extensions with drf-spectacular.
        from walletdesk.api import schema  # noqa: F401
