from django.urls import path

from walletdesk.web.console.views import (
    articles,
    auth,
    chat_pane,
    chats,
    customers,
    evidence,
    inbox,
    ticket_actions,
    tickets,
    trust,
    unfreeze,
)

app_name = "console"

urlpatterns = [
    path("", inbox.inbox_view, name="inbox"),
    path("login/", auth.login_view, name="login"),
    path("chats/", chats.chats_view, name="chats"),
    path("chats/lists/", chats.chat_lists_view, name="chat-lists"),
    path("chats/badge/", chats.chat_badge_view, name="chat-badge"),
    path("chats/presence/", chats.presence_view, name="chat-presence"),
    path("chats/<key:key>/", chat_pane.chat_view, name="chat"),
    path("chats/<key:key>/header/", chat_pane.chat_header_view, name="chat-header"),
    path("chats/<key:key>/accept/", chat_pane.chat_accept_view, name="chat-accept"),
    path("chats/<key:key>/note/", chat_pane.chat_note_view, name="chat-note"),
    path("chats/<key:key>/transfer/", chat_pane.chat_transfer_view, name="chat-transfer"),
    path("chats/<key:key>/close/", chat_pane.chat_close_view, name="chat-close"),
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
    path(
        "tickets/<id:ticket_id>/articles/",
        articles.article_search_view,
        name="ticket-articles",
    ),
    path("attachments/<id:attachment_id>/", tickets.attachment_view, name="attachment"),
    path(
        "tickets/<id:ticket_id>/contact-code/",
        trust.contact_code_view,
        name="ticket-contact-code",
    ),
    path("reports/<id:report_id>/decide/", trust.report_decide_view, name="report-decide"),
    path(
        "customers/<id:customer_id>/panel/",
        customers.customer_panel_view,
        name="customer-panel",
    ),
    path(
        "customers/<id:customer_id>/unfreeze/",
        unfreeze.customer_unfreeze_view,
        name="customer-unfreeze",
    ),
    path("approvals/", unfreeze.approvals_view, name="approvals"),
    path(
        "approvals/<id:unfreeze_id>/approve/",
        unfreeze.approval_decide_view,
        {"decision": "approve"},
        name="approval-approve",
    ),
    path(
        "approvals/<id:unfreeze_id>/reject/",
        unfreeze.approval_decide_view,
        {"decision": "reject"},
        name="approval-reject",
    ),
    path(
        "approvals/<id:unfreeze_id>/cancel/",
        unfreeze.approval_decide_view,
        {"decision": "cancel"},
        name="approval-cancel",
    ),
    path(
        "customers/<id:customer_id>/evidence/",
        evidence.evidence_view,
        name="customer-evidence",
    ),
]
