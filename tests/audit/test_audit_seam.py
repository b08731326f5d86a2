"""The audit seam only ever adds rows."""

from __future__ import annotations

import pytest

from walletdesk.audit.models import AppendOnlyError, AuditEntry
from walletdesk.audit.services import actor_user, audit_record

pytestmark = pytest.mark.django_db


def test_an_entry_is_recorded_with_actor_action_and_target():
    entry = audit_record(
        actor=actor_user(7), action="wallet.freeze", target="account:acc_1", data={"ticket": 3}
    )
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.actor, stored.action, stored.target, stored.data) == (
        "user:7",
        "wallet.freeze",
        "account:acc_1",
        {"ticket": 3},
    )


def test_entries_cannot_be_changed_or_deleted_one_by_one_or_in_bulk():
    entry = audit_record(actor="system", action="sessions.revoke", target="customer:1")
    entry.action = "nothing.happened"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="nothing.happened")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "sessions.revoke"


def test_the_admin_shows_entries_but_offers_no_way_to_change_them(client, make_user):
    from walletdesk.identity.models import Role

    admin_user = make_user(Role.ADMIN, ())
    client.force_login(admin_user)
    entry = audit_record(actor="system", action="sessions.revoke", target="customer:1")
    assert client.get("/admin/audit/auditentry/").status_code == 200
    page = client.get(f"/admin/audit/auditentry/{entry.pk}/change/")
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    deleted = client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
