"""Where the assistant's flows start in the portal, and what their buttons say.

The assistant answers flow codes (`assistant.contracts.Flow`); the pages are the portal's. The
contact page's "Describe it in your own words" box shows the guess with these, on the server
(no JavaScript) and in the browser (portal-assistant.js reads the same labels from the page).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from walletdesk.assistant.contracts import Flow, Guess
from walletdesk.vocab.choices import ProblemType

_PAGES = {
    Flow.FREEZE: "portal:freeze",
    Flow.PASSWORD_RESET: "portal:password-forgot",
    Flow.TWO_FACTOR: "portal:two-factor",
    Flow.UNFREEZE: "portal:unfreeze",
    Flow.REPORT: "portal:report",
    Flow.VERIFY: "portal:verify",
}


def flow_labels() -> dict[str, str]:
    return {
        Flow.FREEZE: _("Freeze my wallet now"),
        Flow.PASSWORD_RESET: _("Reset my password"),
        Flow.TWO_FACTOR: _("Sort out two-step verification"),
        Flow.DIAGNOSIS: _("Check my transaction"),
        Flow.UNFREEZE: _("Ask to unfreeze my account"),
        Flow.REPORT: _("Report it to our security team"),
        Flow.VERIFY: _("Check whether a contact is ours"),
        Flow.CONTACT: _("Tell us about it"),
    }


def contact_form_url(problem_type: str) -> str:
    return reverse("portal:contact") + "?" + urlencode({"problem_type": problem_type})


def flow_url(flow: str | None, problem_type: str) -> str | None:
    """A portal path; the contact form of the type for diagnosis and contact."""
    if flow in (Flow.DIAGNOSIS, Flow.CONTACT):
        return contact_form_url(problem_type)
    name = _PAGES.get(flow or "")
    return reverse(name) if name else None


@dataclass(frozen=True)
class Suggestion:
    """The guess as the contact page shows it."""

    problem_type: str
    label: str
    flow_url: str | None
    flow_label: str
    form_url: str
    articles: tuple[tuple[str, str, str], ...]  # (title, summary, url)
    handover: bool
    wants_person: bool


def suggestion(guess: Guess) -> Suggestion:
    url = flow_url(guess.flow, guess.problem_type)
    return Suggestion(
        problem_type=guess.problem_type,
        label=str(ProblemType(guess.problem_type).label),
        flow_url=url,
        flow_label=flow_labels().get(guess.flow or "", "") if url else "",
        form_url=contact_form_url(guess.problem_type),
        articles=tuple(
            (a.title, a.summary, reverse("portal:help-article", args=[a.slug]))
            for a in guess.articles
        ),
        handover=guess.handover,
        wants_person=guess.wants_person,
    )
