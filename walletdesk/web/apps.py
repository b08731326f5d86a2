from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "walletdesk.web"
    label = "web"
    verbose_name = _("Portal and console")

    def ready(self) -> None:
        from django.contrib import admin

        # The admin in the product's words and languages, not "Django administration".
        admin.site.site_header = _("WalletDesk administration")
        admin.site.site_title = _("WalletDesk administration")
        admin.site.index_title = _("Configuration")
