"""Asking for a person, in either language, is always heard; talking about one is not asking."""

from __future__ import annotations

import pytest

from walletdesk.assistant.person import wants_person
from walletdesk.assistant.text import normalise

ASKS = [
    "转人工",
    "我要人工客服",
    "找真人",
    "客服电话多少",
    "能不能给我转人工服务，机器人听不懂",
    "有人吗？？？",
    "充值没到账，人工",
    "talk to a human",
    "I want to speak to a real person",
    "agent please",
    "AGENT PLEASE!!!",
    "can I talk with someone?",
    "connect me to a live agent",
    "what is your customer service number",
    "I need a human, not a bot",
    "Ｈｕｍａｎ",
]
TALKS_ABOUT = [
    "一个自称客服人员的人让我把验证码发给他",
    "my card was declined",
    "the agent on WhatsApp asked for my password",
    "someone logged into my account",
    "我的充值没到账",
    "how do I change my personal details",
]


@pytest.mark.parametrize("text", ASKS)
def test_a_request_for_a_person_is_recognised(text: str) -> None:
    assert wants_person(normalise(text))


@pytest.mark.parametrize("text", TALKS_ABOUT)
def test_mentioning_people_is_not_asking_for_one(text: str) -> None:
    assert not wants_person(normalise(text))
