"""What makes a socket re-read its person's access: the writes that change it, wherever they
are made (identity services, the admin, a shell), caught by Django's model signals.

- a console user saved (role, active flag, superuser, password), deleted, or signed out;
- a console user's teams changed, from either side of the relation, or a team deleted;
- a customer saved (active flag, password) or deleted.

Each sends `access.changed` to the person's group once the transaction commits; the sockets
then re-read session and access, and close within moments when the person may no longer be
there. Saves that only stamp the last sign-in are left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from walletdesk.core.events import send_access_changed_on_commit
from walletdesk.identity.models import Customer, Team, User

_BOOKKEEPING = frozenset({"last_login"})


def _only_bookkeeping(update_fields: Iterable[str] | None) -> bool:
    return update_fields is not None and set(update_fields) <= _BOOKKEEPING


def _user_saved(sender: Any, instance: User, update_fields: Any = None, **kwargs: Any) -> None:
    if not _only_bookkeeping(update_fields):
        send_access_changed_on_commit(user_ids=[instance.pk])


def _user_deleted(sender: Any, instance: User, **kwargs: Any) -> None:
    send_access_changed_on_commit(user_ids=[instance.pk])


def _user_signed_out(sender: Any, user: User | None = None, **kwargs: Any) -> None:
    # Each socket re-reads its own session: those of the ended one close, the others stay.
    if user is not None and user.pk is not None:
        send_access_changed_on_commit(user_ids=[user.pk])


def _teams_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any
) -> None:
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if not reverse:  # user.teams.add(...) / .remove(...) / .clear()
        send_access_changed_on_commit(user_ids=[instance.pk])
    elif action == "pre_clear":  # team.members.clear(): who they are, before they go
        send_access_changed_on_commit(user_ids=list(instance.members.values_list("pk", flat=True)))
    else:  # team.members.add(...) / .remove(...)
        send_access_changed_on_commit(user_ids=sorted(pk_set or ()))


def _team_deleted(sender: Any, instance: Team, **kwargs: Any) -> None:
    send_access_changed_on_commit(user_ids=list(instance.members.values_list("pk", flat=True)))


def _customer_changed(
    sender: Any, instance: Customer, update_fields: Any = None, **kwargs: Any
) -> None:
    if not _only_bookkeeping(update_fields):
        send_access_changed_on_commit(customer_ids=[instance.pk])


def connect() -> None:
    uid = "walletdesk.realtime"
    post_save.connect(_user_saved, sender=User, dispatch_uid=f"{uid}.user_saved")
    post_delete.connect(_user_deleted, sender=User, dispatch_uid=f"{uid}.user_deleted")
    user_logged_out.connect(_user_signed_out, dispatch_uid=f"{uid}.signed_out")
    m2m_changed.connect(
        _teams_changed, sender=User.teams.through, dispatch_uid=f"{uid}.teams_changed"
    )
    pre_delete.connect(_team_deleted, sender=Team, dispatch_uid=f"{uid}.team_deleted")
    post_save.connect(_customer_changed, sender=Customer, dispatch_uid=f"{uid}.customer_saved")
    post_delete.connect(_customer_changed, sender=Customer, dispatch_uid=f"{uid}.customer_deleted")
