"""`{% load console_labels %}`: stored codes in words, each option translated once per language
(see `walletdesk.web.console.display.choice_label`)."""

from __future__ import annotations

from django import template

from walletdesk.identity.models import TeamCode
from walletdesk.tickets.choices import Channel, Priority, ProblemType, Status
from walletdesk.web.console.display import choice_label

register = template.Library()


@register.filter
def status_label(value: object) -> str:
    return choice_label(Status, value)


@register.filter
def priority_label(value: object) -> str:
    return choice_label(Priority, value)


@register.filter
def channel_label(value: object) -> str:
    return choice_label(Channel, value)


@register.filter
def problem_type_label(value: object) -> str:
    return choice_label(ProblemType, value)


@register.filter
def team_label(value: object) -> str:
    return choice_label(TeamCode, value)
