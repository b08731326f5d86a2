"""The demo's tickets: realistic conversations across channels, statuses and problem types.

Each `turns` entry is (who, text, minutes after the ticket opened); who is "customer", a console
username (public reply) or "note:<username>" (internal note).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DemoTicket:
    customer: str
    channel: str
    problem_type: str
    subject: str
    body: str
    hours_ago: int
    steps_tried: str = ""
    status: str = "new"
    assignee: str = ""
    tx_story: str = ""  # which of the customer's demo transactions the ticket is about
    turns: list[tuple[str, str, int]] = field(default_factory=list)


TICKETS = [
    DemoTicket(
        "demo",
        "portal",
        "topup_not_credited",
        "充值100元未到账",
        "我昨天晚上用招商银行借记卡充值了100元，银行已经扣款，但钱包余额没有增加。",
        hours_ago=20,
        steps_tried="重新登录了应用，看了帮助中心的《充值未到账怎么办》。",
        status="pending_customer",
        assignee="agent",
        tx_story="pending_topup",
        turns=[
            ("agent", "您好，我们已找到这笔充值，银行仍在处理中。请问扣款短信上的时间是几点？", 35),
            ("note:agent", "发卡行回应超时，交易仍为处理中。若24小时内未入账需转支付组。", 37),
        ],
    ),
    DemoTicket(
        "demo",
        "chat",
        "two_factor",
        "换手机后收不到验证码",
        "我换了新手机，登录时收不到短信验证码。",
        hours_ago=200,
        status="solved",
        assignee="agent",
        turns=[
            ("agent", "请在“安全设置”中更新绑定手机号，更新后即可收到验证码。", 4),
            ("customer", "已经可以了，谢谢！", 12),
        ],
    ),
    DemoTicket(
        "li",
        "phone",
        "account_stolen",
        "手机被偷，钱包有陌生转账",
        "我的手机昨晚被偷了，今天早上发现钱包里有一笔不认识的转账。请马上帮我冻结账户。",
        hours_ago=3,
        status="open",
        assignee="security",
        tx_story="unauthorised",
        turns=[
            ("security", "已为您冻结账户，所有转出操作都已停止。请尽快修改密码并开启双重验证。", 6),
            ("note:security", "来电核实身份：报出注册手机号与最近一笔充值金额，一致。", 7),
        ],
    ),
    DemoTicket(
        "zhang",
        "email",
        "payment_method",
        "信用卡无法支付",
        "用信用卡付款一直失败，提示支付方式无效。",
        hours_ago=50,
        steps_tried="换了两个商户都不行。",
        status="open",
        tx_story="expired_card",
    ),
    DemoTicket(
        "liu",
        "wechat",
        "merchant_issue",
        "商户付款失败，扣款了吗？",
        "在「云海咖啡」付款时提示失败，想确认有没有被扣钱。",
        hours_ago=8,
        status="new",
        tx_story="merchant_down",
    ),
    DemoTicket(
        "chen",
        "email",
        "topup_not_credited",
        "USDT 充值没有到账",
        "我从交易所提了 50 USDT 到钱包地址，交易所显示已完成，但钱包里没有。",
        hours_ago=30,
        steps_tried="核对了地址，是钱包里复制的。",
        status="on_hold",
        assignee="payments",
        tx_story="wrong_network",
        turns=[
            (
                "note:payments",
                "链上记录显示走的是以太坊（ERC20）网络，地址只收波场（TRC20），需要人工找回。",
                90,
            ),
        ],
    ),
    DemoTicket(
        "yang",
        "portal",
        "merchant_issue",
        "申请退款",
        "商户没有发货，已同意退款，但我还没收到退款。",
        hours_ago=120,
        status="closed",
        assignee="agent",
        tx_story="refunded",
        turns=[
            ("agent", "退款已于今天到账，请查看钱包余额。", 60),
            ("customer", "收到了，谢谢。", 180),
        ],
    ),
    DemoTicket(
        "zhao",
        "telegram",
        "fees_limits",
        "提现手续费是多少？",
        "提现到银行卡要收手续费吗？每天最多能提多少？",
        hours_ago=5,
        status="new",
    ),
    DemoTicket(
        "emma",
        "email",
        "payment_method",
        "Card declined when topping up",
        "My debit card keeps getting declined when I try to add money. The bank says it's fine.",
        hours_ago=26,
        steps_tried="Tried twice, restarted the app.",
        status="open",
        assignee="agent",
        tx_story="declined",
        turns=[
            (
                "agent",
                "Thanks, Emma. Your bank declined the request on their side; could you "
                "ask them whether online payments are enabled on the card?",
                50,
            ),
        ],
    ),
    DemoTicket(
        "james",
        "chat",
        "topup_not_credited",
        "BTC deposit still not showing",
        "I sent 0.01 BTC two hours ago and it still isn't in my wallet.",
        hours_ago=2,
        status="new",
        tx_story="awaiting_confirmations",
    ),
    DemoTicket(
        "sofia",
        "messenger",
        "transaction_failed",
        "Payment reversed?",
        "A payment to an online shop shows as reversed. Did the shop get my money?",
        hours_ago=70,
        status="pending_customer",
        assignee="payments",
        tx_story="reversed",
        turns=[
            (
                "payments",
                "The payment was reversed and the full amount is back in your "
                "balance. Would you like us to contact the merchant?",
                120,
            ),
        ],
    ),
    DemoTicket(
        "arjun",
        "whatsapp",
        "fees_limits",
        "Transfer blocked: limit?",
        "I tried to send money to my brother and it failed saying a limit was exceeded.",
        hours_ago=12,
        status="open",
        tx_story="limit",
    ),
    DemoTicket(
        "hannah",
        "portal",
        "account_frozen",
        "Why is my account frozen?",
        "I can't send money any more, the app says my account is frozen. I did not ask for this.",
        hours_ago=6,
        status="new",
    ),
    DemoTicket(
        "emma",
        "api",
        "phishing_report",
        "Suspicious text claiming to be WalletDesk",
        "I got a text from +44 7700 900999 saying my wallet is locked and asking me to log in at "
        "walletdesk-secure.example. Is this you?",
        hours_ago=40,
        status="solved",
        assignee="security",
        turns=[
            (
                "security",
                "That message is not from us: our only domain is walletdesk.example. "
                "Please don't open the link. Thank you for reporting it.",
                30,
            ),
        ],
    ),
    DemoTicket(
        "wu",
        "portal",
        "transaction_failed",
        "买电视的付款一直在处理中",
        "今天在华美电器买电视，用钱包余额付了6800元，订单一直显示处理中，商家说还没收到款。",
        hours_ago=4,
        steps_tried="刷新了订单页面，等了一个小时。",
        status="new",
        tx_story="risk_hold",
    ),
    DemoTicket(
        "zhou",
        "email",
        "topup_not_credited",
        "USDT 充值没到账，当时没填备注",
        "我从交易所往钱包地址转了 120 USDT（波场 TRC20），交易所显示已完成，钱包里还没有。"
        "后来才看到充值页面写着要填备注，我当时没有填。",
        hours_ago=5,
        steps_tried="核对了地址和网络，都是钱包里复制的。",
        status="new",
        tx_story="missing_memo",
    ),
    DemoTicket(
        "olivia",
        "chat",
        "topup_not_credited",
        "Did my 250 USD top-up arrive?",
        "I added 250 dollars from my Wells Fargo card this afternoon. The bank shows the charge, "
        "but I can't tell whether it reached my wallet.",
        hours_ago=2,
        steps_tried="Checked my bank app.",
        status="new",
        tx_story="credited",
    ),
    DemoTicket(
        "daniel",
        "portal",
        "transaction_failed",
        "Laptop payment failed",
        "I tried to pay Pixel Point Electronics 780 dollars for a laptop and the payment failed.",
        hours_ago=3,
        status="new",
        tx_story="short",
    ),
]
