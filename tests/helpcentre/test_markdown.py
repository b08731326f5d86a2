"""Rendering: no raw HTML, our own links plain, everyone else's nofollow noopener."""

from __future__ import annotations

from walletdesk.helpcentre.markdown import markdown_links, render_markdown


def test_raw_html_is_shown_as_text_not_run() -> None:
    html = render_markdown('Hi <script>alert(1)</script> <img src=x onerror="alert(1)">')
    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html


def test_our_links_stay_plain_and_other_sites_get_nofollow_noopener() -> None:
    html = render_markdown("[freeze](/security/freeze/) and [elsewhere](https://example.org/)")
    assert '<a href="/security/freeze/">freeze</a>' in html
    assert '<a href="https://example.org/" rel="nofollow noopener">elsewhere</a>' in html


def test_script_urls_are_not_links() -> None:
    for source in ("[click](javascript:alert(1))", "[click](<javascript:alert(1)>)"):
        html = render_markdown(source)
        assert "<a" not in html
        assert 'href="javascript' not in html


def test_tables_and_lists_render() -> None:
    html = render_markdown("| a | b |\n| --- | --- |\n| 1 | 2 |\n\n1. one\n2. two\n")
    assert "<table>" in html
    assert "<ol>" in html


def test_links_are_found_in_nested_markup() -> None:
    source = "- **[bold link](/verify/)**\n\n> [quoted](/report/)\n"
    assert markdown_links(source) == ["/verify/", "/report/"]
