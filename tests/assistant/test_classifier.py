"""Fixed sentences, none of them in the training data, per problem type and language: plain,
colloquial, mixed Chinese and English, full-width, with typos."""

from __future__ import annotations

import pytest

from walletdesk.assistant.data import LANGUAGES, utterances
from walletdesk.assistant.model import Classifier

SENTENCES = {
    "account_stolen": [
        "我的钱包被盗了，里面的钱被人转走了",
        "有人登录了我的账号还转走了五千块",
        "my wallet was hacked and all my money is gone",
        "somebody stole my phone and made payments from my wallet",
    ],
    "password_reset": [
        "忘记登录密码了，怎么重置",
        "密码输错太多次被锁了登不上",
        "I forgot my password and can't log in",
        "how do i reset my pasword",  # typo
    ],
    "two_factor": [
        "收不到短信验证码",
        "换了手机，谷歌验证器没了",
        "I never get the SMS verification code",
        "lost my authenticator app when I changed phones",
    ],
    "topup_not_credited": [
        "充值了500元，银行卡扣款了但余额没变",
        "充值ＵＳＤＴ一直没到账",  # full-width
        "I topped up 200 CNY, the bank took it but my balance is the same",
        "my deposit hasn't been credited yet",
    ],
    "transaction_failed": [
        "转账失败了，钱去哪了",
        "提现一直显示处理中",
        "my transfer failed but the money left my balance",
        "withdrawal stuck on pending for two days",
    ],
    "payment_method": [
        "银行卡绑定不上",
        "我的信用卡一直被拒绝",
        "I can't add my new bank card",
        "my card keeps getting declined when I try to use it",
    ],
    "merchant_issue": [
        "商家收了钱不发货，我要退款",
        "在网店买东西付了款，商家说没收到",
        "the shop took my money but never sent the order",
        "how do I get a refund from a merchant",
    ],
    "account_frozen": [
        "我的账户被冻结了，怎么解冻",
        "为什么我的账号突然被冻结",
        "my account is frozen, please unfreeze it",
        "why was my wallet frozen?",
    ],
    "phishing_report": [
        "收到一个假冒客服的短信，让我点链接",
        "有人打电话自称你们客服要我的验证码",
        "I got a suspicious email asking for my password",
        "a fake support agent messaged me on telegram",
    ],
    "identity_verification": [
        "实名认证一直审核不通过",
        "怎么修改我的身份证信息",
        "my ID verification was rejected",
        "how do I complete KYC",
    ],
    "fees_limits": [
        "提现手续费是多少",
        "每天转账限额是多少",
        "what are the fees for withdrawing to a bank",
        "how can I raise my daily limit",
    ],
    "other": [
        "你们的app支持哪些语言",
        "我想给你们提个建议",
        "do you have a desktop version of the app",
        "I just want to leave some feedback",
    ],
}
MIXED = [
    ("我的 top-up 没到账", "topup_not_credited"),
    ("password 忘了，登不上", "password_reset"),
    ("my 账户 is frozen", "account_frozen"),
    ("ＭＹ ＣＡＲＤ ＷＡＳ ＤＥＣＬＩＮＥＤ", "payment_method"),
    ("ive been hackd, someone stole all my mony", "account_stolen"),  # typos
    ("refund pleeeeease the merchant never delivered", "merchant_issue"),
]


def test_every_problem_type_has_sentences_here_and_training_data() -> None:
    from walletdesk.vocab.choices import ProblemType

    assert set(SENTENCES) == set(ProblemType.values)
    for language in LANGUAGES:
        assert {e.category for e in utterances(language)} == set(ProblemType.values)


@pytest.mark.parametrize(
    ("text", "expected"),
    [(text, code) for code, texts in SENTENCES.items() for text in texts],
)
def test_a_plain_sentence_reads_as_its_type(model: Classifier, text: str, expected: str) -> None:
    assert model.predict([text]) == [expected]


@pytest.mark.parametrize(("text", "expected"), MIXED)
def test_mixed_full_width_and_misspelt_sentences(
    model: Classifier, text: str, expected: str
) -> None:
    assert model.predict([text]) == [expected]


def test_probabilities_are_a_distribution_over_every_type(model: Classifier) -> None:
    ranked = model.ranked("我的钱包被盗了")
    assert len(ranked) == 12
    assert abs(sum(p for _label, p in ranked) - 1) < 1e-6
    assert [p for _l, p in ranked] == sorted((p for _l, p in ranked), reverse=True)


@pytest.mark.parametrize(
    "text",
    ["我的钱包被盗了", "ＭＹ ＣＡＲＤ", "", "!!!", "zzqx", "refund pleeease 退款", "a" * 3000],
)
def test_one_message_gets_the_same_probabilities_as_a_batch(model: Classifier, text: str) -> None:
    batch = dict(zip(model.labels, model.probabilities([text])[0], strict=True))
    for label, probability in model.ranked(text):
        assert probability == pytest.approx(batch[label], abs=1e-9)
