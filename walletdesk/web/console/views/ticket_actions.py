"""Changing a ticket from the console: reply, note, properties, "assign to me".

Each action calls one service. With htmx the answer is a feedback line plus the parts of the
page the change touched (swapped out of band); without it, a flash message and a redirect back
to the ticket. A refusal from the domain (closed ticket, illegal status move, bad upload) is
shown the same two ways, never as an error page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from django.conf import settings
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from walletdesk.core.errors import DomainError, NotFound, ValidationFailed
from walletdesk.tickets import selectors, services
from walletdesk.tickets.attachments import MAX_FILES_PER_MESSAGE, Upload
from walletdesk.tickets.choices import MessageKind
from walletdesk.tickets.models import Ticket
from walletdesk.tickets.services import Author, TicketChanges
from walletdesk.web.console.forms import ComposerForm, TicketPropertiesForm
from walletdesk.web.console.http import ConsoleRequest, console_view, is_htmx
from walletdesk.web.console.ticket_page import fragments_context

FIELD_LABELS: dict[str, str | Promise] = {
    "body": gettext_lazy("Message"),
    "kind": gettext_lazy("Message kind"),
    "status": gettext_lazy("Status"),
    "priority": gettext_lazy("Priority"),
    "problem_type": gettext_lazy("Problem type"),
    "team": gettext_lazy("Team"),
    "assignee": gettext_lazy("Assignee"),
    "__all__": gettext_lazy("Form"),
}


@require_POST
@console_view
def message_create_view(request: ConsoleRequest, ticket_id: int) -> HttpResponseBase:
    ticket = selectors.ticket_for_user(user=request.user, ticket_id=ticket_id)
    form = ComposerForm(request.POST)
    if not form.is_valid():
        return _refused(request, ticket, ValidationFailed(fields=_form_errors(form.errors)))
    kind = form.cleaned_data["kind"]
    uploads = [_upload(f) for f in request.FILES.getlist("files")[: MAX_FILES_PER_MESSAGE + 1]]

    def act() -> None:
        services.message_add(
            ticket=ticket,
            author=Author(user=request.user),
            kind=kind,
            body=form.cleaned_data["body"],
            uploads=uploads,
        )

    done = _("Internal note added.") if kind == MessageKind.NOTE else _("Reply sent.")
    return _perform(request, ticket, act, done)


@require_POST
@console_view
def ticket_update_view(request: ConsoleRequest, ticket_id: int) -> HttpResponseBase:
    ticket = selectors.ticket_for_user(user=request.user, ticket_id=ticket_id)
    form = TicketPropertiesForm(request.POST, ticket=ticket, users=selectors.assignable_users())
    if not form.is_valid():
        return _refused(request, ticket, ValidationFailed(fields=_form_errors(form.errors)))
    changes = form.changes()
    if changes == TicketChanges():
        return _respond(request, ticket, _("Nothing to change."))

    def act() -> None:
        services.ticket_update(ticket=ticket, by=request.user, changes=changes)

    return _perform(request, ticket, act, _("Ticket updated."))


@require_POST
@console_view
def assign_to_me_view(request: ConsoleRequest, ticket_id: int) -> HttpResponseBase:
    ticket = selectors.ticket_for_user(user=request.user, ticket_id=ticket_id)

    def act() -> None:
        services.ticket_update(
            ticket=ticket, by=request.user, changes=TicketChanges(assignee_id=request.user.pk)
        )

    return _perform(request, ticket, act, _("The ticket is now assigned to you."))


def _upload(file: UploadedFile) -> Upload:
    # Read one byte past the limit at most: enough for the service to refuse an oversized file
    # without holding a huge upload in memory.
    limit: int = settings.ATTACHMENT_MAX_BYTES
    return Upload(filename=file.name or "attachment", content=file.read(limit + 1))


def _form_errors(errors: Mapping[str, Iterable[object]]) -> dict[str, list[str]]:
    return {name: [str(message) for message in messages_] for name, messages_ in errors.items()}


def _perform(
    request: ConsoleRequest, ticket: Ticket, act: Callable[[], None], done: str
) -> HttpResponseBase:
    try:
        act()
    except NotFound:
        raise
    except DomainError as exc:
        return _refused(request, ticket, exc)
    try:
        fresh = selectors.ticket_for_user(user=request.user, ticket_id=ticket.pk)
    except NotFound:
        # The change moved the ticket out of this agent's sight (another team, another agent).
        messages.success(request, done)
        messages.info(request, _("The ticket has moved out of your queues."))
        if is_htmx(request):
            return HttpResponseClientRedirect(reverse("console:inbox"))
        return redirect("console:inbox")
    return _respond(request, fresh, done)


def _respond(request: ConsoleRequest, ticket: Ticket, done: str) -> HttpResponseBase:
    if is_htmx(request):
        context = fragments_context(ticket)
        context.update({"ok": True, "feedback": done})
        return render(request, "console/_action_result.html", context)
    messages.success(request, done)
    return redirect("console:ticket", ticket.pk)


def _refused(request: ConsoleRequest, ticket: Ticket, error: DomainError) -> HttpResponseBase:
    problems = _problems(error)
    if is_htmx(request):
        context = {"ok": False, "feedback": error.message, "problems": problems}
        # 200 so htmx swaps the explanation in; an error status would make it drop the answer.
        return render(request, "console/_action_result.html", context)
    messages.error(request, str(error.message))
    for problem in problems:
        messages.error(request, problem)
    return redirect("console:ticket", ticket.pk)


def _problems(error: DomainError) -> list[str]:
    if not isinstance(error, ValidationFailed):
        return []
    return [
        _("%(field)s: %(problem)s") % {"field": FIELD_LABELS.get(name, name), "problem": problem}
        for name, problems in error.fields.items()
        for problem in problems
    ]
