"""`assistant_classify`: the guess every channel gets — flow, articles, handover."""

from __future__ import annotations

import pytest
from django.test import override_settings

from walletdesk.assistant.contracts import Flow
from walletdesk.assistant.flows import flow_for
from walletdesk.assistant.services import assistant_classify
from walletdesk.helpcentre.models import Article, ArticleVersion
from walletdesk.vocab.choices import ProblemType

pytestmark = pytest.mark.django_db


def test_a_clear_message_gets_its_type_flow_and_articles_in_its_language() -> None:
    guess = assistant_classify("我的钱包被盗了，有人转走了我的钱")
    assert guess.problem_type == ProblemType.ACCOUNT_STOLEN
    assert guess.flow == Flow.FREEZE
    assert guess.language == "zh-hans"
    assert not guess.handover
    assert not guess.wants_person
    assert 0.5 <= guess.confidence <= 1
    assert 1 <= len(guess.articles) <= 3
    for suggestion in guess.articles:
        article = Article.objects.get(slug=suggestion.slug)
        assert ProblemType.ACCOUNT_STOLEN in article.tags
        assert ArticleVersion.objects.get(article=article, language="zh-hans").title == (
            suggestion.title
        )


def test_the_language_hint_chooses_the_articles_language() -> None:
    guess = assistant_classify("我的钱包被盗了", language="en")
    assert guess.language == "en"
    titles = {v.title for v in ArticleVersion.objects.filter(language="en")}
    assert guess.articles
    assert all(a.title in titles for a in guess.articles)


def test_the_most_specific_articles_come_first() -> None:
    guess = assistant_classify("I forgot my password", language="en")
    tag_counts = [len(Article.objects.get(slug=a.slug).tags) for a in guess.articles]
    assert tag_counts == sorted(tag_counts)


def test_asking_for_a_person_hands_over_whatever_the_type() -> None:
    guess = assistant_classify("充值没到账，转人工")
    assert guess.problem_type == ProblemType.TOPUP_NOT_CREDITED
    assert guess.wants_person
    assert guess.handover


@override_settings(WALLETDESK_ASSISTANT_THRESHOLD=0.999)
def test_below_the_threshold_it_hands_over() -> None:
    guess = assistant_classify("my card was declined")
    assert guess.problem_type == ProblemType.PAYMENT_METHOD
    assert guess.confidence < 0.999
    assert guess.handover
    assert not guess.wants_person


@override_settings(WALLETDESK_ASSISTANT_THRESHOLD=0.0)
def test_at_a_zero_threshold_only_a_request_for_a_person_hands_over() -> None:
    assert not assistant_classify("my card was declined").handover


@pytest.mark.parametrize("text", ["", "   ", "!!!???", "\x00\x01", "😀😀"])
def test_text_with_nothing_to_read_is_other_and_goes_to_a_person(text: str) -> None:
    guess = assistant_classify(text)
    assert guess.problem_type == ProblemType.OTHER
    assert guess.confidence == 0
    assert guess.handover


def test_a_very_long_text_is_read_from_its_start() -> None:
    guess = assistant_classify("我的钱包被盗了。" * 1000)
    assert guess.problem_type == ProblemType.ACCOUNT_STOLEN


def test_alternatives_are_the_next_most_likely_types() -> None:
    guess = assistant_classify("提现失败了")
    assert len(guess.alternatives) == 2
    assert all(p <= guess.confidence for _t, p in guess.alternatives)
    assert guess.problem_type not in {t for t, _p in guess.alternatives}


@pytest.mark.parametrize(
    ("problem_type", "flow"),
    [
        ("account_stolen", "freeze"),
        ("password_reset", "password_reset"),
        ("two_factor", "two_factor"),
        ("topup_not_credited", "diagnosis"),
        ("transaction_failed", "diagnosis"),
        ("payment_method", "diagnosis"),
        ("merchant_issue", "diagnosis"),
        ("account_frozen", "unfreeze"),
        ("phishing_report", "report"),
        ("identity_verification", "contact"),
        ("fees_limits", "contact"),
        ("other", None),
    ],
)
def test_each_type_has_its_flow(problem_type: str, flow: str | None) -> None:
    assert flow_for(problem_type) == flow
