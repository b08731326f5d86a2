"""The articles in the repository: complete in both languages, tagged, linked to real pages,
and covering every topic of the source article."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve

from walletdesk.helpcentre.content import CATEGORIES, LANGUAGES, read_all
from walletdesk.helpcentre.markdown import ALLOWED_TAGS, EXTERNAL_REL, markdown_links
from walletdesk.helpcentre.models import Article, ArticleStatus, ArticleVersion
from walletdesk.vocab.choices import ProblemType

ARTICLES = read_all()
SLUGS = {a.slug for a in ARTICLES}
CATEGORY_SLUGS = {c.slug for c in CATEGORIES}

# The source article's topics (../shared/seed-article.txt) and the tags or slugs that answer
# each, plus the everyday questions behind the other problem types.
TOPICS: dict[str, set[str]] = {
    "online support (在线客服)": {"channels-overview", "follow-requests"},
    "phone support and its hours (电话客服)": {"phone-support"},
    "email support, 1-3 business days (邮件客服)": {"email-support"},
    "social media support and privacy (社交媒体客服)": {"social-media-support"},
    "which channel to use": {"which-channel"},
    "prepare account and transaction details (提前准备信息)": {"prepare-request"},
    "problem first, then what you tried (简明扼要)": {"describe-problem"},
    "politeness and patience at peak times (保持礼貌)": {"describe-problem"},
    "asking for escalation (请求升级)": {"ask-escalation"},
    "stolen wallet: freeze (钱包被盗)": {"account_stolen", "wallet-stolen"},
    "stolen wallet: change password and 2FA": {"after-freeze"},
    "stolen wallet: police report and evidence (报警)": {"police-evidence"},
    "forgot password (忘记密码)": {"password_reset", "forgot-password"},
    "failed transaction: balance, payment method, merchant (交易失败)": {"transaction_failed"},
    "top-up not credited (充值未到账)": {"topup_not_credited"},
    "strong and distinct passwords (复杂密码)": {"strong-password"},
    "two-factor verification (双重验证)": {"two_factor"},
    "phishing and fake sites (网络钓鱼)": {"phishing_report"},
    "payment method problems": {"payment_method"},
    "merchant refunds": {"merchant_issue"},
    "account frozen and unfreezing": {"account_frozen"},
    "identity verification": {"identity_verification"},
    "fees and limits": {"fees_limits"},
    "crypto deposit networks": {"crypto-deposit-networks"},
    "crypto memo or tag": {"crypto-memo-tag"},
    "crypto confirmations": {"crypto-confirmations"},
}


def test_at_least_thirty_articles_each_in_both_languages() -> None:
    assert len(ARTICLES) >= 30
    for article in ARTICLES:
        assert {v.language for v in article.versions} == set(LANGUAGES), article.slug


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.slug)
def test_every_article_has_a_category_tags_and_real_related(article) -> None:
    assert article.category in CATEGORY_SLUGS
    assert article.tags
    assert set(article.tags) <= set(ProblemType.values)
    assert set(article.related) <= SLUGS - {article.slug}


def _internal_links():
    for article in ARTICLES:
        for version in article.versions:
            for href in markdown_links(version.body):
                yield article.slug, version.language, href


@pytest.mark.parametrize(("slug", "language", "href"), list(_internal_links()))
def test_every_link_in_every_article_goes_somewhere_real(slug, language, href) -> None:
    if href.startswith(("mailto:", "tel:")):
        assert re.fullmatch(r"mailto:support@walletdesk\.example|tel:\+864008008888", href)
        return
    assert href.startswith("/"), f"{slug}.{language}: external link {href}"
    path = urlsplit(href).path
    try:
        match = resolve(path)
    except Resolver404:  # pragma: no cover - the assertion message is the point
        pytest.fail(f"{slug}.{language}: {href} resolves to nothing")
    if match.url_name == "help-article":
        assert match.kwargs["slug"] in SLUGS, f"{slug}.{language}: no article {href}"


def test_chinese_versions_are_written_in_chinese() -> None:
    for article in ARTICLES:
        zh = next(v for v in article.versions if v.language == "zh-hans")
        han = len(re.findall(r"[\u4e00-\u9fff]", zh.body))
        assert han > len(zh.body) / 4, article.slug


@pytest.mark.django_db
def test_every_article_is_loaded_published_and_renders_without_raw_html() -> None:
    assert Article.objects.filter(status=ArticleStatus.PUBLISHED).count() == len(ARTICLES)
    for version in ArticleVersion.objects.all():
        tags = set(re.findall(r"<\s*/?\s*([a-zA-Z0-9]+)", version.body_html))
        assert tags <= ALLOWED_TAGS, (version.article.slug, tags - ALLOWED_TAGS)
        assert not re.search(r"\son\w+\s*=|javascript:|<script|<iframe", version.body_html)
        for rel in re.findall(r'rel="([^"]*)"', version.body_html):
            assert rel == EXTERNAL_REL


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_each_topic_of_the_source_article_is_covered(topic) -> None:
    answers = TOPICS[topic]
    covered = {a.slug for a in ARTICLES} | {t for a in ARTICLES for t in a.tags}
    assert answers & covered, topic


def test_every_problem_type_has_an_article() -> None:
    tagged = {t for a in ARTICLES for t in a.tags}
    assert set(ProblemType.values) <= tagged
