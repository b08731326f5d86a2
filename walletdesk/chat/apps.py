from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    name = "walletdesk.chat"
    label = "chat"
    verbose_name = _("Live chat")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from walletdesk.chat import receivers
        from walletdesk.outbox.transports.chat import entry_check_register
        from walletdesk.tickets.models import Message

        post_save.connect(receivers.on_message_saved, sender=Message, dispatch_uid="chat.entry")
        entry_check_register(receivers.entry_exists)
