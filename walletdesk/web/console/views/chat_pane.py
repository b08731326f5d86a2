"""One chat in the console: the conversation, the ticket's internal notes, the customer panel
(verified customers only) and the actions — accept, note, transfer, close. Messages themselves
travel over the agent socket (/ws/chat/agent/); these views are the permission-checked page and
the actions that are ordinary form posts (CSRF-checked)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from walletdesk.chat import services as chat_services
from walletdesk.chat.models import Conversation
from walletdesk.core.errors import DomainError, NotFound
from walletdesk.tickets.selectors import assignable_users
from walletdesk.web.console.chat_forms import NoteForm, TransferForm
from walletdesk.web.console.chat_page import (
    chat_for_agent,
    header_context,
    notes_of,
    pane_context,
)
from walletdesk.web.console.http import ConsoleRequest, console_view, is_htmx, vary_on_htmx


@require_GET
@console_view
def chat_view(request: ConsoleRequest, key: str) -> HttpResponseBase:
    conversation = chat_for_agent(user=request.user, key=key)
    return render(
        request, "console/chat.html", pane_context(user=request.user, conversation=conversation)
    )


@require_GET
@console_view
def chat_header_view(request: ConsoleRequest, key: str) -> HttpResponseBase:
    """The state, the actions and the rating; what the pane re-fetches on a state entry."""
    conversation = chat_for_agent(user=request.user, key=key)
    context = header_context(user=request.user, conversation=conversation)
    context["notes"] = notes_of(conversation)
    return vary_on_htmx(render(request, "console/_chat_refresh.html", context))


@require_POST
@console_view
def chat_accept_view(request: ConsoleRequest, key: str) -> HttpResponseBase:
    conversation = chat_for_agent(user=request.user, key=key)
    return _perform(
        request,
        conversation,
        lambda: chat_services.chat_accept(conversation=conversation, user=request.user),
        _("You have taken this chat."),
    )


@require_POST
@console_view
def chat_note_view(request: ConsoleRequest, key: str) -> HttpResponseBase:
    conversation = chat_for_agent(user=request.user, key=key)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _respond(request, conversation, _("Write the note first."), ok=False)
    return _perform(
        request,
        conversation,
        lambda: chat_services.chat_note(
            conversation=conversation, by=request.user, text=form.cleaned_data["text"]
        ),
        _("Internal note added."),
    )


@require_POST
@console_view
def chat_transfer_view(request: ConsoleRequest, key: str) -> HttpResponseBase:
    conversation = chat_for_agent(user=request.user, key=key)
    form = TransferForm(request.POST, agents=assignable_users())
    if not form.is_valid():
        return _respond(request, conversation, _("Choose either an agent or a team."), ok=False)
    return _perform(
        request,
        conversation,
        lambda: chat_services.chat_transfer(
            conversation=conversation,
            by=request.user,
            to_user=form.target_user(),
            to_team=form.cleaned_data.get("to_team") or "",
            note=form.cleaned_data.get("note") or "",
        ),
        _("The chat is transferred."),
    )


@require_POST
@console_view
def chat_close_view(request: ConsoleRequest, key: str) -> HttpResponseBase:
    conversation = chat_for_agent(user=request.user, key=key)
    return _perform(
        request,
        conversation,
        lambda: chat_services.chat_close(conversation=conversation, by=request.user),
        _("The chat is closed."),
    )


def _perform(
    request: ConsoleRequest,
    conversation: Conversation,
    act: Callable[[], object],
    done: str,
) -> HttpResponseBase:
    try:
        act()
    except NotFound:
        raise
    except DomainError as exc:
        return _respond(request, conversation, str(exc.message), ok=False)
    return _respond(request, conversation, done, ok=True)


def _respond(
    request: ConsoleRequest, conversation: Conversation, feedback: str, *, ok: bool
) -> HttpResponseBase:
    """Feedback and the refreshed header and notes; a chat now out of the agent's reach (given
    to another team) sends them back to the list instead."""
    key = conversation.key
    try:
        conversation = chat_for_agent(user=request.user, key=key)
    except NotFound:
        messages.info(request, feedback)
        if is_htmx(request):
            return HttpResponseClientRedirect(reverse("console:chats"))
        return redirect("console:chats")
    if not is_htmx(request):
        (messages.success if ok else messages.error)(request, feedback)
        return redirect("console:chat", key=key)
    context = header_context(user=request.user, conversation=conversation)
    context.update({"notes": notes_of(conversation), "feedback": feedback, "ok": ok})
    return render(request, "console/_chat_action.html", context)
