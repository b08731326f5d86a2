"""The demo's chat: canned replies for every team in both languages, the agents' presence,
one finished and rated chat."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from walletdesk.chat.choices import ConversationState, EntryKind, Presence
from walletdesk.chat.models import AgentPresence, CannedReply, Conversation
from walletdesk.identity.models import TeamCode

pytestmark = pytest.mark.django_db


def test_the_demo_has_canned_replies_presences_and_a_rated_chat(capsys):
    call_command("seed_demo")
    capsys.readouterr()
    for code in TeamCode.values:
        languages = set(
            CannedReply.objects.filter(team__code=code).values_list("language", flat=True)
        )
        assert languages == {"zh-hans", "en"}, code
    presences = AgentPresence.objects.filter(user__username__in=["agent", "security", "payments"])
    assert presences.count() == 3
    assert all(p.status == Presence.OFFLINE and p.languages for p in presences)
    chat = Conversation.objects.get()
    assert chat.state == ConversationState.CLOSED
    assert chat.rating == 5
    assert chat.agent.username == "agent"
    assert chat.accepted_at < chat.closed_at
    kinds = list(chat.entries.values_list("kind", flat=True))
    assert EntryKind.SUGGESTIONS in kinds
    assert kinds.count(EntryKind.MESSAGE) >= 3
    assert chat.transcript_sent_at is not None
