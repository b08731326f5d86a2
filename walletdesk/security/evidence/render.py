"""The bundle's PDF: a Django template rendered by WeasyPrint, A4, Chinese in a CJK font.

The font is chosen by CSS, a fallback list that starts with the WenQuanYi Micro Hei the
Debian package `fonts-wqy-microhei` installs (`make run` and `make test` install it), then
the other common CJK fonts an operator's machine may have. Nothing is fetched: the template
holds its styles, and any URL WeasyPrint would load is refused.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext_lazy

TEMPLATE = "security/evidence/evidence.html"


class FetchRefused(ValueError):
    pass


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise FetchRefused(f"The evidence PDF loads nothing ({url[:40]})")


def bilingual(chinese: str, english: str) -> str:
    """A heading a police officer reads in Chinese, with the English beside it for others."""
    return chinese if chinese == english else f"{chinese} · {english}"


def headings() -> dict[str, str]:
    """Each section's heading in Chinese and English, whatever the bundle's language."""
    texts = {
        "title": pgettext_lazy("evidence", "Evidence bundle for a police report"),
        "account": pgettext_lazy("evidence", "Account details"),
        "wallet": pgettext_lazy("evidence", "Wallet account status"),
        "methods": pgettext_lazy("evidence", "Payment methods"),
        "transactions": pgettext_lazy("evidence", "Transactions"),
        "events": pgettext_lazy("evidence", "Security events"),
        "tickets": pgettext_lazy("evidence", "Conversations with customer service"),
        "integrity": pgettext_lazy("evidence", "Integrity"),
    }
    out: dict[str, str] = {}
    for key, text in texts.items():
        with translation.override("zh-hans"):
            chinese = str(text)
        with translation.override("en"):
            english = str(text)
        out[key] = bilingual(chinese, english)
    return out


def css_string(text: str) -> SafeString:
    """A CSS string literal for a page margin box: letters and digits as they are, everything
    else as a CSS escape, so no quote, backslash or `</style>` can end it early."""
    body = "".join(
        char if char.isalnum() or char in " .,:_()+·" else f"\\{ord(char):x} " for char in text
    )
    return mark_safe(f'"{body}"')  # noqa: S308 - every character is escaped above


def render_pdf(data: dict[str, Any], *, json_sha256: str) -> bytes:
    """The PDF of `data` in its language; `json_sha256` printed on the last page binds the
    PDF to the JSON file beside it."""
    # Imported here: WeasyPrint loads Pango and fonts, which only this path needs.
    import weasyprint  # type: ignore[import-untyped]  # WeasyPrint ships no type hints

    titles = headings()
    css = {
        "title": css_string(titles["title"]),
        "customer": css_string(data["account"]["customer_ref"]),
        "generated": css_string(
            f"{data['generated_at_beijing']} (UTC+8) · WalletDesk {data['generator']['version']}"
        ),
    }
    with translation.override(data["language"]):
        html = render_to_string(
            TEMPLATE, {"data": data, "headings": titles, "json_sha256": json_sha256, "css": css}
        )
    document = weasyprint.HTML(string=html, url_fetcher=_no_fetch, base_url="about:blank")
    pdf: bytes = document.write_pdf()
    return pdf
