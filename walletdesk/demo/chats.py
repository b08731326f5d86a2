"""The demo's live chat: canned replies for every team in both languages, the demo agents'
presence (offline until they open the console), and one finished, rated chat so the console
has history and the wait estimate has a handling time to learn from."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings

from walletdesk.chat import queue
from walletdesk.chat.choices import Presence
from walletdesk.chat.models import AgentPresence, CannedReply
from walletdesk.chat.services import (
    agent_say,
    chat_close,
    chat_rate,
    conversation_start,
    customer_say,
    presence_set,
    problem_pick,
    queue_join,
)
from walletdesk.core import clock
from walletdesk.identity.models import Customer, Team, TeamCode, User

# (team, language, title, body); team None: for everyone.
CANNED: list[tuple[str | None, str, str, str]] = [
    (None, "zh-hans", "问候", "您好，我是 WalletDesk 客服，很高兴为您服务。请问有什么可以帮您？"),
    (None, "en", "Greeting", "Hello, this is WalletDesk support. How can I help you today?"),
    (None, "zh-hans", "结束语", "感谢您的耐心。还有其他问题吗？如果没有，我将结束本次会话。"),
    (
        None,
        "en",
        "Closing",
        "Thank you for your patience. Is there anything else? If not, I will end the chat.",
    ),
    (TeamCode.FRONTLINE, "zh-hans", "稍等查询", "请稍等，我正在为您查询，大约需要两分钟。"),
    (
        TeamCode.FRONTLINE,
        "en",
        "One moment",
        "One moment please, I am looking into it. It will take about two minutes.",
    ),
    (
        TeamCode.PAYMENTS,
        "zh-hans",
        "充值处理中",
        "这笔充值银行仍在处理中，通常 2 小时内到账。如超过 24 小时仍未到账，我们会为您跟进。",
    ),
    (
        TeamCode.PAYMENTS,
        "en",
        "Top-up in progress",
        "Your bank is still processing this top-up; it usually arrives within 2 hours. "
        "If it has not arrived after 24 hours, we will follow up for you.",
    ),
    (
        TeamCode.SECURITY,
        "zh-hans",
        "先冻结",
        "为了保护您的资金，请先在“冻结钱包”页面立即冻结。我们绝不会向您索要密码或验证码。",
    ),
    (
        TeamCode.SECURITY,
        "en",
        "Freeze first",
        "To protect your money, please freeze your wallet now on the “Freeze my wallet” page. "
        "We will never ask for your password or codes.",
    ),
    (
        TeamCode.TECHNICAL,
        "zh-hans",
        "更新应用",
        "请先把 WalletDesk 应用更新到最新版本，然后重新登录试一下。",
    ),
    (
        TeamCode.TECHNICAL,
        "en",
        "Update the app",
        "Please update the WalletDesk app to the latest version, then sign in again.",
    ),
    (
        TeamCode.MANAGEMENT,
        "zh-hans",
        "主管跟进",
        "我是客服主管，已经了解您的情况，会亲自跟进直到解决。",
    ),
    (
        TeamCode.MANAGEMENT,
        "en",
        "Supervisor follow-up",
        "I am the support supervisor. I have read your case and will follow it up myself "
        "until it is solved.",
    ),
]

# (username, languages, capacity)
PRESENCE = [
    ("agent", ["zh-hans", "en"], 3),
    ("security", ["zh-hans"], 2),
    ("payments", ["en", "zh-hans"], 3),
    ("supervisor", ["zh-hans", "en"], 2),
]


def _within_hours(now: dt.datetime) -> dt.datetime:
    """Yesterday at the first local hour the chat is open (10:00 with the default hours)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    day = (now.astimezone(zone) - dt.timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    for hour in [10, *range(24)]:
        moment = day.replace(hour=hour)
        if queue.in_service_hours(moment):
            return moment.astimezone(dt.UTC)
    return day.astimezone(dt.UTC)  # pragma: no cover - CHAT_HOURS always opens some hour


def seed_chats(users: dict[str, User], customer: Customer, now: dt.datetime) -> None:
    for team_code, language, title, body in CANNED:
        team = Team.objects.get_or_create(code=team_code)[0] if team_code else None
        CannedReply.objects.create(team=team, language=language, title=title, body=body)
    agent = users["agent"]
    at = _within_hours(now)
    with clock.frozen_at(at):
        presence_set(user=agent, status=Presence.ONLINE, capacity=3, languages=["zh-hans", "en"])
        started = conversation_start(origin="portal", language="zh-hans", customer=customer)
        chat = started.conversation
        problem_pick(conversation=chat, problem_type="topup_not_credited")
        customer_say(conversation=chat, text="我刚才充值的 100 元还没到账。", client_id="demo-1")
        queue_join(conversation=chat)
    with clock.frozen_at(at + dt.timedelta(minutes=2)):
        agent_say(
            conversation=chat,
            user=agent,
            text="您好，我查到这笔充值银行仍在处理中，通常 2 小时内到账。",
            client_id="demo-a1",
        )
    with clock.frozen_at(at + dt.timedelta(minutes=4)):
        customer_say(conversation=chat, text="好的，谢谢！", client_id="demo-2")
    with clock.frozen_at(at + dt.timedelta(minutes=6)):
        chat_close(conversation=chat, by=agent)
        chat_rate(conversation=chat, score=5, comment="回复很快，说得很清楚。")
    for username, languages, capacity in PRESENCE:
        if username in users:
            with clock.frozen_at(now):
                presence_set(
                    user=users[username],
                    status=Presence.OFFLINE,
                    capacity=capacity,
                    languages=languages,
                )
    AgentPresence.objects.filter(user__in=users.values()).update(seen_at=None)
