from django.urls import path

from walletdesk.web.portal.views import (
    attachments,
    contact,
    freeze,
    contact_change,
    pages,
    recovery,
    security,
    session,
    signed_out,
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
    path("password/forgot/", recovery.password_forgot, name="password-forgot"),
    path("password/reset/", recovery.password_reset, name="password-reset"),
    path("password/check/", recovery.password_check, name="password-check"),
    path("contact/verify/", signed_out.help_verify, name="help-verify"),
    path("security/", security.checkup, name="security"),
    path("security/sessions/end/", security.session_end, name="security-session-end"),
    path("security/sessions/end-others/", security.sessions_end_others, name="security-end-others"),
    path("security/password/", security.change_password, name="security-password"),
    path("security/contact/", contact_change.change_contact, name="security-contact"),
]
