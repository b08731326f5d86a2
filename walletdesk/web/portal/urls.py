from django.urls import path

from walletdesk.web.portal.views import (
    attachments,
    contact,
    pages,
    session,
    stepup,
    tickets,
    twofactor,
    twofactor_signin,
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
    path("login/verify/", twofactor_signin.login_verify, name="login-verify"),
    path("login/lost-device/", twofactor_signin.login_lost_device, name="login-lost-device"),
    path("security/two-factor/", twofactor.two_factor, name="two-factor"),
    path(
        "security/recovery/cancel/<str:token>/",
        twofactor_signin.recovery_cancel_link,
        name="recovery-cancel",
    ),
    path("attachments/<id:attachment_id>/", attachments.attachment_download, name="attachment"),
]
