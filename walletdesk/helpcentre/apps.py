from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _load_content(sender: AppConfig, **kwargs: Any) -> None:
    """After every `migrate`, bring the articles in `content/` into the database."""
    from walletdesk.helpcentre.services import help_content_sync

    help_content_sync(using=kwargs.get("using", "default"))


class HelpCentreConfig(AppConfig):
    name = "walletdesk.helpcentre"
    label = "helpcentre"
    verbose_name = _("Help centre")

    def ready(self) -> None:
        from walletdesk.helpcentre import search

        post_migrate.connect(_load_content, sender=self, dispatch_uid="helpcentre-content")
        search.connect()
