"""Reads for the unfreeze: who may take part, what waits for whom."""

from __future__ import annotations

from django.db.models import QuerySet

from walletdesk.identity.models import TeamCode, User
from walletdesk.security.models import UnfreezeRequest, UnfreezeState
from walletdesk.tickets.permissions import can_view_customer, tickets_visible_to
from walletdesk.tickets.selectors import CustomerNotFound


def may_handle_unfreeze(user: User) -> bool:
    if not user.is_active:
        return False
    return user.sees_everything or user.teams.filter(code=TeamCode.SECURITY).exists()


MAX_PENDING_LISTED = 200


def unfreeze_pending_for(user: User) -> list[UnfreezeRequest]:
    """Pending requests `user` may see on the approvals page (their own among them, which the
    page marks as waiting for someone else), oldest first."""
    if not may_handle_unfreeze(user):
        return []
    rows = (
        UnfreezeRequest.objects.select_related("customer", "requested_by", "ticket")
        .filter(state=UnfreezeState.PENDING)
        .order_by("created_at", "id")
    )
    return list(_visible(user, rows)[:MAX_PENDING_LISTED])


def unfreeze_pending_count(user: User) -> int:
    """How many requests wait for `user`'s decision (not their own): the console's badge."""
    if not may_handle_unfreeze(user):
        return 0
    pending = UnfreezeRequest.objects.filter(state=UnfreezeState.PENDING).exclude(requested_by=user)
    return _visible(user, pending).count()


def _visible(user: User, rows: QuerySet[UnfreezeRequest]) -> QuerySet[UnfreezeRequest]:
    """The rows whose customer `user` may see (the rule of `can_view_customer`, as a filter)."""
    if user.sees_everything:
        return rows
    proven = tickets_visible_to(user).filter(requester_verified=True).values("requester_id")
    return rows.filter(customer_id__in=proven)


def unfreeze_for_user(*, user: User, unfreeze_id: int) -> UnfreezeRequest:
    """One request, for a user who may decide on it; the same not-found for every refusal."""
    row = UnfreezeRequest.objects.select_related("customer").filter(pk=unfreeze_id).first()
    if row is None or not may_handle_unfreeze(user) or not can_view_customer(user, row.customer):
        raise CustomerNotFound()
    return row
