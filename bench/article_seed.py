"""The help-centre half of `make bench SCENARIO=search`, run inside `bench/search_seed.py`.

Generates N articles (default 10,000), each with a zh-hans and an English version (titles of
4–9 words, a summary of 10–20, Markdown bodies of 3–5 paragraphs of 30–80 words and a heading
from the tickets' wallet vocabulary, a
marker word in 1 article in 100; one in ten left as a draft, helpfulness votes spread from none
to several hundred), indexes them the way `help_content_sync` does, and times the portal's and
the console's `help_search` in both languages: a rare marker, a common word, two words together.
"""

from __future__ import annotations

import random
from typing import Any

from bench.search_seed import EN_WORDS, ZH_WORDS, summary, timed

BATCH = 2000
MARKERS = {"en": "quillwort", "zh": "玳瑁"}
QUERIES = {
    "en": ["quillwort", "refunds", "card failed", "withdrawal pending"],
    "zh": ["玳瑁", "提现", "银行卡 到账", "冻结"],
}


def _text(rng: random.Random, language: str, low: int, high: int, marker: bool = False) -> str:
    pool = EN_WORDS if language == "en" else ZH_WORDS
    words = [rng.choice(pool) for _ in range(rng.randint(low, high))]
    if marker:
        words[rng.randrange(len(words))] = MARKERS[language]
    return (" " if language == "en" else "").join(words)


def _body(rng: random.Random, language: str, marker: bool) -> str:
    paragraphs = [_text(rng, language, 30, 80) for _ in range(rng.randint(3, 5))]
    if marker:
        paragraphs[rng.randrange(len(paragraphs))] = _text(rng, language, 30, 80, marker=True)
    heading = "## " + _text(rng, language, 2, 4)
    return "\n\n".join([paragraphs[0], heading, *paragraphs[1:]])


def seed_articles(count: int) -> int:
    from django.db import transaction

    from walletdesk.helpcentre.models import Article, ArticleVersion, Category
    from walletdesk.helpcentre.search import index_versions

    rng = random.Random(1810)  # noqa: S311 - benchmark data
    categories = Category.objects.bulk_create(
        Category(
            slug=f"bench-{n}", position=100 + n, name_zh_hans=f"分类 {n}", name_en=f"Topic {n}"
        )
        for n in range(10)
    )
    made = 0
    while made < count:
        size = min(BATCH, count - made)
        with transaction.atomic():
            articles = Article.objects.bulk_create(
                Article(
                    slug=f"bench-article-{made + n}",
                    category=rng.choice(categories),
                    position=n,
                    status="draft" if rng.random() < 0.1 else "published",
                    helpful_count=int(rng.paretovariate(1.2)) - 1 if rng.random() < 0.7 else 0,
                )
                for n in range(size)
            )
            versions = ArticleVersion.objects.bulk_create(
                ArticleVersion(
                    article=article,
                    language="zh-hans" if language == "zh" else "en",
                    title=_text(rng, language, 4, 9),
                    summary=_text(rng, language, 10, 20),
                    body=_body(rng, language, (made + n) % 100 == 42),
                )
                for n, article in enumerate(articles)
                for language in ("zh", "en")
            )
            index_versions(versions)
        made += size
    return made


def time_article_search(out: dict[str, Any]) -> None:
    """`article_p50_ms_<zh|en>`/`article_p95_ms_<zh|en>` into `out`, and `article_*_before_*`
    for the code before the speed work (`bench/article_before.py`), each query timed with both
    in turn so that both see the same machine."""
    from bench.article_before import help_search_before
    from walletdesk.helpcentre.selectors import help_search

    versions: dict[str, Any] = {"": help_search, "_before": help_search_before}
    for language, queries in QUERIES.items():
        reader = "zh-hans" if language == "zh" else "en"
        every: dict[str, list[float]] = {label: [] for label in versions}
        for query in queries:
            for label, fn in versions.items():
                samples = timed(lambda q=query, r=reader, f=fn: f(q, language=r))
                every[label] += samples
                out[f"article{label}:{language}:{query}"] = {
                    **summary(samples),
                    "hits": len(fn(query, language=reader)),
                }
        for label, samples in every.items():
            overall = summary(samples)
            out[f"article_p50_ms{label}_{language}"] = overall["p50_ms"]
            out[f"article_p95_ms{label}_{language}"] = overall["p95_ms"]
