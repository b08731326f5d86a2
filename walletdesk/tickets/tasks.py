"""Background work for tickets. Tasks take ids and tolerate the row being gone."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from huey.contrib.djhuey import db_task

logger = logging.getLogger(__name__)


@db_task(retries=3, retry_delay=30)  # type: ignore[untyped-decorator]  # huey is untyped
def notify_customer_of_reply(message_id: int) -> None:
    """Email the customer that an agent replied, in the customer's language."""
    from walletdesk.tickets.models import Message

    message = Message.objects.select_related("ticket__requester").filter(pk=message_id).first()
    if message is None or message.ticket.requester is None:
        return
    customer = message.ticket.requester
    if not customer.email:
        return
    ticket = message.ticket
    with translation.override(customer.preferred_language):
        link = settings.BASE_URL.rstrip("/") + reverse("portal:ticket", args=[ticket.pk])
        subject = _("[%(ref)s] New reply to your request") % {"ref": ticket.reference}
        body = _(
            "Hello %(name)s,\n\nWe replied to your request %(ref)s:\n\n%(body)s\n\n"
            "Read the whole conversation or answer here: %(link)s\n\n"
            "WalletDesk support will never ask for your password, verification codes or "
            "recovery phrase."
        ) % {
            "name": customer.display_name,
            "ref": ticket.reference,
            "body": message.body,
            "link": link,
        }
    send_mail(subject, body, None, [customer.email])
    logger.info("reply notification sent for ticket %s", ticket.pk)
