"""Console ticket search: Chinese two-character words, names, emails, phones, English stems,
mixed text, escaped snippets, hostile queries, and an index that follows every write."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from walletdesk.identity.models import User
from walletdesk.tickets.models import Ticket
from walletdesk.tickets.search import reindex_all, tickets_search
from walletdesk.tickets.services import Author, message_add

pytestmark = pytest.mark.django_db


def _found(user: User, query: str) -> set[int]:
    return {hit.ticket_id for hit in tickets_search(user, query)}


@pytest.mark.parametrize("word", ["提现", "冻结", "充值", "银行"])
def test_two_character_chinese_finds_the_body_that_holds_it(supervisor, corpus, word) -> None:
    holders = {key for key, ticket in corpus.items() if word in _text(ticket)}
    assert _found(supervisor, word) == {corpus[key].pk for key in holders}
    assert corpus[word].pk in _found(supervisor, word)


def _text(ticket: Ticket) -> str:
    return ticket.subject + " ".join(m.body for m in ticket.messages.all())


def test_customer_name_email_and_phone(supervisor, corpus) -> None:
    wang = {corpus["wang"].pk}
    assert _found(supervisor, "王小明") == wang
    assert _found(supervisor, "wang.xiaoming@example.com") == wang
    assert _found(supervisor, "wang.xiaoming") == wang
    assert _found(supervisor, "+86 138 0013 8000") == wang
    assert _found(supervisor, "13800138000") == wang
    assert _found(supervisor, "＋８６ １３８００１３８０００") == wang


def test_english_stems_and_mixed_queries(supervisor, corpus) -> None:
    assert _found(supervisor, "refunds") == {corpus["refund"].pk}
    assert _found(supervisor, "Refunded") == {corpus["refund"].pk}
    assert _found(supervisor, "USDT 转账 pending") == {corpus["mixed"].pk}
    assert _found(supervisor, "TX-2026-ABC123") == {corpus["mixed"].pk}
    assert _found(supervisor, corpus["wang"].reference) == {corpus["wang"].pk}


def test_ranked_and_snippets_marked(supervisor, corpus) -> None:
    hits = tickets_search(supervisor, "冻结")
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
    by_id = {hit.ticket_id: str(hit.snippet) for hit in hits}
    assert "<mark>冻结</mark>" in by_id[corpus["冻结"].pk]
    refund = tickets_search(supervisor, "refunds")[0]
    assert "<mark>refund</mark>" in str(refund.snippet)


def test_snippets_escape_user_text(supervisor, indexed_ticket) -> None:
    ticket = indexed_ticket(subject="XSS", body='<script>alert("提现")</script> & <b>bold</b>')
    (hit,) = tickets_search(supervisor, "提现")
    assert hit.ticket_id == ticket.pk
    html = str(hit.snippet)
    assert "<script>" not in html
    assert "<b>" not in html
    assert "&lt;script&gt;alert(&quot;<mark>提现</mark>&quot;)&lt;/script&gt; &amp;" in html


def test_phone_never_shows_in_a_snippet(supervisor, corpus) -> None:
    (hit,) = tickets_search(supervisor, "13800138000")
    assert "13800138000" not in str(hit.snippet)


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '提现"',
        'a" OR b',
        "NEAR(提现 冻结)",
        "提现 AND OR",
        "*",
        "提*",
        "a:b",
        "b:提现",
        "(((提现",
        ")",
        "'",
        "\\",
        "提现 & !冻结 | 充值",
        "{a b}",
        "<->",
        "%",
        "\x00",
        " ",
        "",
        "x" * 5000,
        "WD-",
        "WD-abc",
        "+",
        "++86",
        "0" * 40,
    ],
)
def test_hostile_queries_never_fail(supervisor, corpus, query: str) -> None:
    hits = tickets_search(supervisor, query)
    assert isinstance(hits, list)


def test_syntax_is_ignored_not_obeyed(supervisor, corpus) -> None:
    assert _found(supervisor, "提现 OR 充值") == set()  # "or" is a word: no ticket holds it
    assert _found(supervisor, '"冻结"') == _found(supervisor, "冻结")


def test_index_follows_a_reply(supervisor, corpus, committed) -> None:
    ticket = corpus["refund"]
    assert _found(supervisor, "chargeback") == set()
    with committed():
        message_add(
            ticket=ticket, body="Customer mentions a chargeback.", author=Author(user=supervisor)
        )
    assert _found(supervisor, "chargeback") == {ticket.pk}


def test_index_follows_a_customer_email_change(supervisor, corpus, committed) -> None:
    customer = corpus["wang"].requester
    with committed():
        customer.email = "xm.new@example.org"
        customer.save()
    assert _found(supervisor, "xm.new@example.org") == {corpus["wang"].pk}
    assert _found(supervisor, "wang.xiaoming@example.com") == set()


def test_a_login_stamp_does_not_reindex(corpus, committed, django_assert_num_queries) -> None:
    customer = corpus["wang"].requester
    with committed(), django_assert_num_queries(1):
        customer.save(update_fields=["last_login"])


def test_rebuild_repairs_a_missed_commit(supervisor, make_ticket) -> None:
    ticket = make_ticket(subject="充值没到账", body="充值失败")  # its on-commit re-index never ran
    assert _found(supervisor, "充值") == set()
    out = io.StringIO()
    call_command("reindex_search", stdout=out)
    assert "1" in out.getvalue()
    assert _found(supervisor, "充值") == {ticket.pk}
    assert reindex_all() == 1


def test_full_width_text_is_found_and_shown_as_written(supervisor, indexed_ticket) -> None:
    ticket = indexed_ticket(subject="充值", body="我的ＵＳＤＴ充值，一直没有到账。")
    (hit,) = tickets_search(supervisor, "usdt")
    assert hit.ticket_id == ticket.pk
    assert "<mark>ＵＳＤＴ</mark>充值，一直" in str(hit.snippet)
