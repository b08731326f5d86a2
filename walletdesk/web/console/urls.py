from django.urls import path

from walletdesk.web.console.views import auth, customers, inbox, ticket_actions, tickets

app_name = "console"

urlpatterns = [
    path("", inbox.inbox_view, name="inbox"),
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("tickets/<int:ticket_id>/", tickets.ticket_view, name="ticket"),
    path("tickets/<int:ticket_id>/thread/", tickets.thread_view, name="ticket-thread"),
    path(
        "tickets/<int:ticket_id>/messages/",
        ticket_actions.message_create_view,
        name="ticket-message",
    ),
    path(
        "tickets/<int:ticket_id>/update/", ticket_actions.ticket_update_view, name="ticket-update"
    ),
    path(
        "tickets/<int:ticket_id>/assign-to-me/",
        ticket_actions.assign_to_me_view,
        name="ticket-assign-me",
    ),
    path("attachments/<int:attachment_id>/", tickets.attachment_view, name="attachment"),
    path(
        "customers/<int:customer_id>/panel/",
        customers.customer_panel_view,
        name="customer-panel",
    ),
]
