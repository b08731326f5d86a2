from django.urls import path

from walletdesk.web.console.views import auth, customers, evidence, inbox, ticket_actions, tickets

app_name = "console"

urlpatterns = [
    path("", inbox.inbox_view, name="inbox"),
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("tickets/<id:ticket_id>/", tickets.ticket_view, name="ticket"),
    path("tickets/<id:ticket_id>/thread/", tickets.thread_view, name="ticket-thread"),
    path(
        "tickets/<id:ticket_id>/messages/",
        ticket_actions.message_create_view,
        name="ticket-message",
    ),
    path("tickets/<id:ticket_id>/update/", ticket_actions.ticket_update_view, name="ticket-update"),
    path(
        "tickets/<id:ticket_id>/assign-to-me/",
        ticket_actions.assign_to_me_view,
        name="ticket-assign-me",
    ),
    path("attachments/<id:attachment_id>/", tickets.attachment_view, name="attachment"),
    path(
        "customers/<id:customer_id>/panel/",
        customers.customer_panel_view,
        name="customer-panel",
    ),
    path(
        "customers/<id:customer_id>/evidence/",
        evidence.evidence_view,
        name="customer-evidence",
    ),
]
