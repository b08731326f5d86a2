"""Markdown to safe HTML: markdown-it-py renders, nh3 sanitises.

Raw HTML in the source is not rendered (markdown-it's `html` option is off) and anything that
slips through is removed by nh3's allow-list. Links to our own pages (a path starting with one
`/`) stay plain; every other link gets rel="nofollow noopener", so an article never lends our
reputation to, or opens a window for, a site we do not control.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

EXTERNAL_REL = "nofollow noopener"
ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "li", "ol", "p", "pre",
    "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "rel"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def is_internal(href: str) -> bool:
    return href.startswith("/") and not href.startswith("//")


def _link_open(
    renderer: RendererHTML,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: EnvType,
) -> str:
    token = tokens[idx]
    href = str(token.attrGet("href") or "")
    if not is_internal(href) and not href.startswith(("mailto:", "tel:")):
        token.attrSet("rel", EXTERNAL_REL)
    return renderer.renderToken(tokens, idx, options, env)


def _only_our_rel(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "rel":
        return value if value == EXTERNAL_REL else None
    return value


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.add_render_rule("link_open", _link_open)
    return md


_MD = _parser()


def render_markdown(source: str) -> str:
    """Safe HTML for an article body."""
    html = _MD.render(source)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        attribute_filter=_only_our_rel,
    )


def markdown_links(source: str) -> list[str]:
    """Every link target in a Markdown text, as written (for the link checks)."""
    found: list[str] = []

    def walk(tokens: Sequence[Any]) -> None:
        for token in tokens:
            if token.type == "link_open":
                found.append(str(token.attrGet("href") or ""))
            if token.children:
                walk(token.children)

    walk(_MD.parse(source))
    return found


def markdown_text(source: str) -> str:
    """The words of a Markdown text without its markup (what the search index holds)."""
    words: list[str] = []

    def walk(tokens: Sequence[Any]) -> None:
        for token in tokens:
            if token.type in ("text", "code_inline", "code_block", "fence"):
                words.append(str(token.content))
            if token.children:
                walk(token.children)

    walk(_MD.parse(source))
    return " ".join(words)
