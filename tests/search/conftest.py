"""Search fixtures: tickets written through the services, indexed the way production indexes
them (the on-commit re-index), and the two teams whose queues must stay apart."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from walletdesk.identity.models import Customer
from walletdesk.tickets.choices import ProblemType
from walletdesk.tickets.models import Ticket


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """Run what a block schedules for after commit, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def indexed_ticket(make_ticket: Callable[..., Ticket], committed) -> Callable[..., Ticket]:
    def make(**kwargs: Any) -> Ticket:
        with committed():
            return make_ticket(**kwargs)

    return make


@pytest.fixture
def corpus(indexed_ticket, make_customer: Callable[..., Customer]) -> dict[str, Ticket]:
    """One ticket per word under test, each body holding its word and no other's."""
    wang = make_customer(
        display_name="王小明", email="wang.xiaoming@example.com", phone="+8613800138000"
    )
    return {
        "提现": indexed_ticket(subject="申请被拒", body="我昨天申请提现，到现在还没有处理。"),
        "冻结": indexed_ticket(subject="账户问题", body="我的账户突然被冻结了，怎么办？"),
        "充值": indexed_ticket(subject="余额没变", body="充值一百元以后余额没有变化。"),
        "银行": indexed_ticket(subject="绑卡失败", body="绑定银行卡时一直提示失败。"),
        "wang": indexed_ticket(requester=wang, subject="登录问题", body="我忘记了登录密码。"),
        "refund": indexed_ticket(
            subject="Money back",
            body="I asked for a refund last week and nothing happened.",
        ),
        "mixed": indexed_ticket(
            subject="USDT 转账",
            body="我的 USDT transfer 一直 pending，交易号 TX-2026-ABC123。",
            transaction_ref="TX-2026-ABC123",
        ),
        "security": indexed_ticket(
            problem_type=ProblemType.ACCOUNT_STOLEN,
            subject="账号被盗",
            body="有人盗了我的账号并且发起了提现，请马上冻结。",
        ),
    }
