from django.urls import path

from walletdesk.web.portal.views import (
    attachments,
    contact,
    freeze,
    pages,
    session,
    stepup,
    tickets,
    trust,
    wallet,
)

app_name = "portal"

urlpatterns = [
    path("", pages.home, name="home"),
    path("login/", session.login, name="login"),
    path("logout/", session.logout, name="logout"),
    path("wallet/", wallet.wallet, name="wallet"),
    path("contact/", contact.contact, name="contact"),
    path("tickets/", tickets.ticket_list, name="tickets"),
    path("tickets/<id:ticket_id>/", tickets.ticket_detail, name="ticket"),
    path("tickets/<id:ticket_id>/thread/", tickets.ticket_thread, name="ticket_thread"),
    path("tickets/<id:ticket_id>/reply/", tickets.ticket_reply, name="ticket_reply"),
    path("security/confirm/", stepup.confirm, name="security-confirm"),
    path("security/freeze/", freeze.freeze, name="freeze"),
    path("security/freeze/done/", freeze.freeze_done, name="freeze-done"),
    path("security/unfreeze/", freeze.unfreeze, name="unfreeze"),
    path("attachments/<id:attachment_id>/", attachments.attachment_download, name="attachment"),
    path("verify/", trust.verify, name="verify"),
    path("report/", trust.report, name="report"),
    path("report/sent/", trust.report_sent, name="report-sent"),
]
