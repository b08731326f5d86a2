"""Who lives in the demo: console users, customers and the operator's official channels."""

from __future__ import annotations

from dataclasses import dataclass, field

from walletdesk.identity.models import Role


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str
    teams: tuple[str, ...]
    first_name: str
    last_name: str


CONSOLE_USERS = [
    DemoUser("admin", "demo-admin-2026", Role.ADMIN, ("management",), "Admin", ""),
    DemoUser("supervisor", "demo-supervisor-2026", Role.SUPERVISOR, ("management",), "丽", "陈"),
    DemoUser("agent", "demo-agent-2026", Role.AGENT, ("frontline",), "伟", "李"),
    DemoUser("security", "demo-security-2026", Role.SPECIALIST, ("security",), "敏", "赵"),
    DemoUser("payments", "demo-payments-2026", Role.SPECIALIST, ("payments",), "Oliver", "Grant"),
]

DEMO_CUSTOMER_PASSWORD = "demo-customer-2026"


@dataclass(frozen=True)
class DemoCustomer:
    key: str
    name: str
    language: str
    email: str | None = None
    phone: str | None = None
    story: str = "everyday"
    extra: dict[str, str] = field(default_factory=dict)


CUSTOMERS = [
    DemoCustomer(
        "demo", "王小明", "zh-hans", "demo@walletdesk.example", "+8613800138000", "topup_pending"
    ),
    DemoCustomer("li", "李娜", "zh-hans", "li.na@example.cn", "+8613911112222", "stolen"),
    DemoCustomer("zhang", "张伟", "zh-hans", "zhang.wei@example.cn", None, "card_expired"),
    DemoCustomer("liu", "刘洋", "zh-hans", None, "+8613722223333", "merchant_outage"),
    DemoCustomer("chen", "陈静", "zh-hans", "chen.jing@example.cn", None, "crypto_wrong_network"),
    DemoCustomer("yang", "杨帆", "zh-hans", "yang.fan@example.cn", "+8615033334444", "refund"),
    DemoCustomer("zhao", "赵磊", "zh-hans", "zhao.lei@example.cn", None, "everyday"),
    DemoCustomer(
        "emma", "Emma Wilson", "en", "emma.wilson@example.com", "+447700900123", "declined"
    ),
    DemoCustomer("james", "James Carter", "en", "james.carter@example.com", None, "crypto_pending"),
    DemoCustomer("sofia", "Sofia Martins", "en", "sofia.martins@example.com", None, "reversed"),
    DemoCustomer("arjun", "Arjun Mehta", "en", "arjun.mehta@example.com", "+919820012345", "limit"),
    DemoCustomer("hannah", "Hannah Kim", "en", "hannah.kim@example.com", None, "frozen"),
    DemoCustomer("wu", "吴芳", "zh-hans", "wu.fang@example.cn", "+8613655556666", "risk_hold"),
    DemoCustomer("zhou", "周婷", "zh-hans", "zhou.ting@example.cn", None, "missing_memo"),
    DemoCustomer("olivia", "Olivia Brown", "en", "olivia.brown@example.com", None, "credited"),
    DemoCustomer(
        "daniel", "Daniel Novak", "en", "daniel.novak@example.com", "+447700900456", "short_balance"
    ),
]

# The demo operator's official channels (SPEC: "Demo data").
OFFICIAL_CHANNELS = [
    ("domain", "walletdesk.example", "Website and help centre", ""),
    ("email", "support@walletdesk.example", "Support email", "Reply within 1–3 business days"),
    ("phone", "+86 400-800-8888", "Support hotline", "09:00–21:00 daily; stolen accounts 24/7"),
    ("telegram", "@WalletDeskSupport", "Telegram", ""),
    ("wechat", "WalletDesk钱包", "WeChat Official Account", ""),
]

# What the wallet's identity check knows about some demo customers (date of birth, the last
# digits of the ID number), so the password rule "nothing about you" can be tried: a password
# such as "19900517-tiger-lamp" is refused for 王小明.
IDENTITY_FACTS = {
    "demo": ("1990-05-17", "05172X"),
    "emma": ("1988-11-02", "7788"),
}
