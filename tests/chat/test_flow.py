"""The assistant step and the intake questions: a picked type's suggestions, a guess from the
first message, the questions asked one at a time once queued, leaving a message at peak."""

from __future__ import annotations

import pytest

from walletdesk.assistant.contracts import ArticleSuggestion, Flow, Guess
from walletdesk.chat.choices import ConversationState, EntryAuthor, EntryKind
from walletdesk.chat.selectors import intake_answers
from walletdesk.chat.services import (
    customer_say,
    intake_answer,
    leave_message,
    problem_pick,
    queue_join,
)
from walletdesk.chat.services import talk as talk_module
from walletdesk.chat.services.queueing import chat_questions
from walletdesk.core.errors import Conflict, ValidationFailed
from walletdesk.vocab.choices import Priority, ProblemType

pytestmark = pytest.mark.django_db


def test_picking_a_type_offers_its_flow_and_articles_as_codes_and_words(visitor_chat):
    conversation = visitor_chat(language="en")
    problem_pick(conversation=conversation, problem_type="account_stolen")
    conversation.refresh_from_db()
    assert conversation.priority == Priority.CRITICAL
    entry = conversation.entries.get()
    assert entry.kind == EntryKind.SUGGESTIONS
    assert entry.author == EntryAuthor.ASSISTANT
    assert entry.data["problem_type"] == "account_stolen"
    assert entry.data["flow"] == {"code": Flow.FREEZE, "label": "Freeze my wallet now"}
    assert entry.data["articles"], "the help centre has articles for stolen wallets"
    assert all(set(a) == {"slug", "title"} for a in entry.data["articles"])
    with pytest.raises(ValidationFailed):
        problem_pick(conversation=conversation, problem_type="no_such_type")


def test_a_type_without_a_flow_offers_articles_only(visitor_chat):
    conversation = visitor_chat(language="en", problem_type="fees_limits")
    assert conversation.entries.get().data["flow"] is None


def test_without_the_assistant_the_first_message_gets_articles_by_search(visitor_chat, monkeypatch):
    # A build without the assistant (its classify not implemented): search answers instead.
    def absent(*_args, **_kwargs):
        raise NotImplementedError

    monkeypatch.setattr("walletdesk.chat.services.talk.assistant_classify", absent)
    conversation = visitor_chat(language="en")
    customer_say(conversation=conversation, text="password reset code", client_id="m1")
    suggestion = conversation.entries.filter(kind=EntryKind.SUGGESTIONS).first()
    conversation.refresh_from_db()
    assert conversation.problem_type == ""
    if suggestion is not None:  # whatever the search finds, never a made-up type
        assert suggestion.data["problem_type"] == ""
        assert suggestion.data["articles"]


def test_a_confident_guess_sets_the_type_and_suggests_its_flow(visitor_chat, monkeypatch):
    seen: list[str] = []

    def classify(text: str, *, language: str | None = None, articles: int = 3) -> Guess:
        seen.append(text)
        return Guess(
            problem_type=ProblemType.ACCOUNT_STOLEN,
            confidence=0.93,
            language="en",
            flow=Flow.FREEZE,
            articles=(ArticleSuggestion("wallet-stolen", "My wallet was stolen", "…"),),
            wants_person=False,
            handover=False,
        )

    monkeypatch.setattr(talk_module, "assistant_classify", classify)
    conversation = visitor_chat(language="en")
    customer_say(conversation=conversation, text="someone took my money", client_id="m1")
    customer_say(conversation=conversation, text="help", client_id="m2")
    conversation.refresh_from_db()
    assert seen == ["someone took my money"]  # the first message only
    assert conversation.problem_type == ProblemType.ACCOUNT_STOLEN
    assert conversation.priority == Priority.CRITICAL
    suggestion = conversation.entries.get(kind=EntryKind.SUGGESTIONS)
    assert suggestion.data["flow"]["code"] == Flow.FREEZE
    assert suggestion.data["articles"] == [
        {"slug": "wallet-stolen", "title": "My wallet was stolen"}
    ]


def test_an_unsure_guess_leaves_the_type_to_the_customer(visitor_chat, monkeypatch):
    def classify(text: str, *, language: str | None = None, articles: int = 3) -> Guess:
        return Guess(ProblemType.OTHER, 0.2, "en", None, (), False, True)

    monkeypatch.setattr(talk_module, "assistant_classify", classify)
    conversation = visitor_chat(language="en")
    customer_say(conversation=conversation, text="hmm", client_id="m1")
    conversation.refresh_from_db()
    assert conversation.problem_type == ""


def test_the_intake_questions_are_asked_one_by_one_and_the_answers_kept(visitor_chat, online_agent):
    online_agent(capacity=1)
    online_agent(capacity=0 + 1)
    # Fill both agents so the chat waits (questions are asked while waiting, and after).
    for _n in range(2):
        queue_join(conversation=visitor_chat(problem_type="fees_limits"))
    conversation = visitor_chat(problem_type="account_stolen")
    agent = online_agent(teams=("security",), capacity=1)
    queue_join(conversation=conversation)
    conversation.refresh_from_db()
    questions = chat_questions(conversation)
    names = [q.name for q in questions]
    assert names[0] == "happened"
    assert "transaction" not in names
    asked = conversation.entries.filter(kind=EntryKind.QUESTION)
    assert [e.data["key"] for e in asked] == ["happened"]
    with pytest.raises(ValidationFailed):
        intake_answer(conversation=conversation, key="lost", value="my phone")  # not asked yet
    with pytest.raises(ValidationFailed):
        intake_answer(conversation=conversation, key="happened", value="")  # required
    intake_answer(conversation=conversation, key="happened", value="有人登录了我的账户")
    conversation.refresh_from_db()
    assert conversation.intake_answers == {"happened": "有人登录了我的账户"}
    said = conversation.entries.filter(kind=EntryKind.MESSAGE, author=EntryAuthor.CUSTOMER)
    assert said.last().text == "有人登录了我的账户"
    assert said.last().message.ticket == conversation.ticket
    assert conversation.entries.filter(kind=EntryKind.QUESTION).last().data["key"] == names[1]
    for name in names[1:]:
        question = next(q for q in questions if q.name == name)
        value = question.choices[0][0] if question.choices else "—"
        intake_answer(conversation=conversation, key=name, value=value)
    conversation.refresh_from_db()
    assert set(conversation.intake_answers) == set(names)
    assert list(intake_answers(user=agent, conversation=conversation)) == names  # asked order
    assert conversation.entries.filter(kind=EntryKind.QUESTION).count() == len(names)


def test_a_closed_question_takes_only_its_choices(visitor_chat, online_agent):
    online_agent(languages=("en",))
    conversation = visitor_chat(problem_type="topup_not_credited", language="en")
    queue_join(conversation=conversation)
    conversation.refresh_from_db()
    names = [q.name for q in chat_questions(conversation)]
    for name in names:
        question = next(q for q in chat_questions(conversation) if q.name == name)
        if question.choices:
            with pytest.raises(ValidationFailed):
                intake_answer(conversation=conversation, key=name, value="not a choice")
            intake_answer(conversation=conversation, key=name, value=question.choices[0][0])
            said = conversation.entries.filter(kind=EntryKind.MESSAGE).last()
            assert said.text == question.choices[0][1]
            return
        intake_answer(conversation=conversation, key=name, value="x" if question.required else "")
    pytest.fail("a money problem asks at least one closed question (the currency)")


def test_at_peak_the_customer_may_leave_a_message_instead(visitor_chat, online_agent):
    online_agent(capacity=1, languages=("zh-hans", "en"))
    queue_join(conversation=visitor_chat(problem_type="fees_limits"))
    conversation = visitor_chat(
        problem_type="fees_limits", visitor_contact="+8613800138000", language="en"
    )
    queue_join(conversation=conversation)
    conversation.refresh_from_db()
    assert conversation.state == ConversationState.QUEUED
    leave_message(conversation=conversation, contact="lei@example.com")
    conversation.refresh_from_db()
    assert conversation.state == ConversationState.LEFT_MESSAGE
    assert conversation.queued_at is None
    last = conversation.entries.order_by("-seq").first()
    assert last.data["state"] == ConversationState.LEFT_MESSAGE
    assert "by email within 1 business day" in last.text
    # The ticket records where to answer, in the customer's words.
    assert conversation.ticket.messages.filter(body__contains="lei@example.com").exists()
    with pytest.raises(Conflict):
        leave_message(conversation=conversation)
    with pytest.raises(Conflict):
        customer_say(conversation=conversation, text="hello?", client_id="late")


def test_a_visitor_may_leave_a_message_before_joining(visitor_chat):
    conversation = visitor_chat(problem_type="fees_limits", visitor_contact="+8613800138000")
    leave_message(conversation=conversation, contact="lei@example.com")
    conversation.refresh_from_db()
    assert conversation.ticket.contact == "lei@example.com"
    with pytest.raises(ValidationFailed):
        leave_message(conversation=visitor_chat(), contact="nonsense")
