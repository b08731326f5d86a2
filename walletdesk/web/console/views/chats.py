"""The chats page: the waiting queue and the agent's own chats, the presence switch, and the
navigation's badge. The lists and the badge are fragments too: the console's chat script
re-fetches them when the agent socket says the queue changed or a chat was assigned."""

from __future__ import annotations

from django.contrib import messages
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from walletdesk.chat import services as chat_services
from walletdesk.core.errors import DomainError
from walletdesk.web.console.chat_forms import PresenceForm
from walletdesk.web.console.chat_page import lists_context, presence_of, waiting_count
from walletdesk.web.console.http import ConsoleRequest, console_view, is_htmx, vary_on_htmx


@require_GET
@console_view
def chats_view(request: ConsoleRequest) -> HttpResponseBase:
    presence = presence_of(request.user)
    context = {
        **lists_context(user=request.user),
        "presence": presence,
        "presence_form": PresenceForm(
            initial={"status": presence.status, "capacity": presence.capacity}
        ),
    }
    return vary_on_htmx(render(request, "console/chats.html", context))


@require_GET
@console_view
def chat_lists_view(request: ConsoleRequest) -> HttpResponseBase:
    return vary_on_htmx(
        render(request, "console/_chat_lists.html", lists_context(user=request.user))
    )


@require_GET
@console_view
def chat_badge_view(request: ConsoleRequest) -> HttpResponseBase:
    count = waiting_count(user=request.user)
    return render(request, "console/_chat_badge.html", {"chat_waiting": count})


@require_POST
@console_view
def presence_view(request: ConsoleRequest) -> HttpResponseBase:
    form = PresenceForm(request.POST)
    feedback, ok = _("Your chat status is saved."), True
    if form.is_valid():
        try:
            chat_services.presence_set(
                user=request.user,
                status=form.cleaned_data["status"],
                capacity=form.cleaned_data.get("capacity"),
            )
        except DomainError as exc:
            feedback, ok = str(exc.message), False
    else:
        feedback, ok = _("Choose a status and a number of chats from 1 to 20."), False
    if not is_htmx(request):
        (messages.success if ok else messages.error)(request, feedback)
        return redirect("console:chats")
    presence = presence_of(request.user)
    context = {
        "presence": presence,
        "presence_form": PresenceForm(
            initial={"status": presence.status, "capacity": presence.capacity}
        ),
        "feedback": feedback,
        "ok": ok,
    }
    return render(request, "console/_chat_presence.html", context)
