"""The help-centre pages in the portal, in both languages."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from walletdesk.helpcentre.models import Article, ArticleStatus, ArticleVersion
from walletdesk.helpcentre.selectors import help_for_problem

pytestmark = pytest.mark.django_db


def _client(language: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.parametrize(
    ("language", "heading", "category"),
    [("zh-hans", "帮助文章", "账户安全"), ("en", "Help articles", "Account security")],
)
def test_index_lists_categories_and_popular_articles(language, heading, category) -> None:
    page = _client(language).get(reverse("portal:help")).content.decode()
    assert heading in page
    assert category in page
    assert 'id="help-popular"' in page
    assert 'name="q"' in page


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("zh-hans", "钱包被盗或账户被人登录：先冻结"),
        ("en", "Wallet stolen or someone in your account"),
    ],
)
def test_article_is_shown_in_the_visitors_language(language, title) -> None:
    response = _client(language).get(reverse("portal:help-article", args=["wallet-stolen"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert title in page
    assert 'href="/security/freeze/"' in page
    assert 'id="help-related"' in page
    assert 'id="fallback-note"' not in page


def test_a_missing_translation_falls_back_with_a_note() -> None:
    ArticleVersion.objects.filter(article__slug="wallet-stolen", language="en").delete()
    page = _client("en").get(reverse("portal:help-article", args=["wallet-stolen"])).content
    text = page.decode()
    assert 'id="fallback-note"' in text
    assert "钱包被盗或账户被人登录：先冻结" in text


def test_category_page_lists_only_its_articles() -> None:
    page = _client("en").get(reverse("portal:help-category", args=["crypto"])).content.decode()
    assert "How many confirmations a deposit needs" in page
    assert "Forgot your password?" not in page
    assert _client("en").get("/help/no-such-topic/").status_code == 404


def test_drafts_are_not_found_for_customers() -> None:
    Article.objects.filter(slug="forgot-password").update(status=ArticleStatus.DRAFT)
    client = _client("zh-hans")
    assert client.get(reverse("portal:help-article", args=["forgot-password"])).status_code == 404
    vote = client.post(reverse("portal:help-vote", args=["forgot-password"]), {"helpful": "yes"})
    assert vote.status_code == 404
    assert "忘记密码怎么办" not in client.get(reverse("portal:help") + "?q=密码").content.decode()
    assert (
        "forgot-password"
        not in client.get(reverse("portal:help-category", args=["security"])).content.decode()
    )


def test_a_vote_counts_once_per_visitor_session() -> None:
    client = _client("en")
    url = reverse("portal:help-vote", args=["fees-and-limits"])
    first = client.post(url, {"helpful": "yes"})
    assert first.status_code == 302
    client.post(url, {"helpful": "yes"})
    client.post(url, {"helpful": "no"})
    article = Article.objects.get(slug="fees-and-limits")
    assert (article.helpful_count, article.not_helpful_count) == (1, 0)
    page = client.get(reverse("portal:help-article", args=["fees-and-limits"])).content.decode()
    assert 'id="vote-yes"' not in page
    _client("en").post(url, {"helpful": "no"})  # another visitor
    article.refresh_from_db()
    assert (article.helpful_count, article.not_helpful_count) == (1, 1)


def test_voting_needs_a_post() -> None:
    assert (
        _client("en").get(reverse("portal:help-vote", args=["fees-and-limits"])).status_code == 405
    )


@pytest.mark.parametrize(
    ("language", "query", "expected"),
    [
        ("zh-hans", "冻结", "冻结以后要做的几件事"),
        ("zh-hans", "提现", "付款、转账或提现失败了"),
        ("zh-hans", "银行", "银行一直没答复，交易卡在“处理中”"),
        ("zh-hans", "解冻", "申请解冻钱包"),
        ("en", "refunds", "Merchant refunds and orders that never arrived"),
        ("en", "备注", "Memos (tags) on digital-asset deposits"),
        ("zh-hans", "充值", "充值扣款了，余额却没增加"),
        ("en", "password", "Forgot your password?"),
        ("en", "confirmations", "How many confirmations a deposit needs"),
    ],
)
def test_search_finds_titles_and_summaries(language, query, expected) -> None:
    page = _client(language).get(reverse("portal:help"), {"q": query}).content.decode()
    assert 'id="search-results"' in page
    assert expected in page


def test_search_with_no_match_says_so() -> None:
    page = _client("en").get(reverse("portal:help"), {"q": "zzzqqq"}).content.decode()
    assert "No article holds all of these words" in page


def test_home_page_and_menu_lead_to_the_help_centre() -> None:
    page = _client("en").get(reverse("portal:home")).content.decode()
    assert page.count('href="/help/"') >= 2  # the menu and the home page's own link
    assert 'action="/help/"' in page


def test_articles_for_a_problem_type_are_the_tagged_published_ones() -> None:
    found = help_for_problem("fees_limits", language="en")
    assert [v.slug for v in found] == ["fees-and-limits"]
    assert found[0].version.language == "en"
    Article.objects.filter(slug="fees-and-limits").update(status=ArticleStatus.DRAFT)
    assert help_for_problem("fees_limits", language="en") == []


@pytest.mark.parametrize(
    "path",
    ["/help/", "/help/?q=password", "/help/security/", "/help/articles/wallet-stolen/"],
)
def test_pages_stay_within_a_query_budget(path, django_assert_max_num_queries) -> None:
    client = _client("en")
    client.get("/help/")  # the session and the official channels exist before we count
    with django_assert_max_num_queries(10):
        assert client.get(path).status_code == 200


def test_help_pages_may_be_cached_for_visitors_without_a_session() -> None:
    client = Client()
    assert "no-store" not in client.get("/help/").get("Cache-Control", "")
    client.post(reverse("portal:help-vote", args=["fees-and-limits"]), {"helpful": "yes"})
    page = client.get(reverse("portal:help-article", args=["fees-and-limits"]))
    assert "no-store" in page["Cache-Control"]  # the session remembers the vote
