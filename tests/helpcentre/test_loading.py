"""Loading the repository's articles: on migrate, idempotent, and kind to editors' changes."""

from __future__ import annotations

import pytest

from walletdesk.helpcentre.content import ContentError, read_article
from walletdesk.helpcentre.models import Article, ArticleStatus, ArticleVersion
from walletdesk.helpcentre.selectors import help_search
from walletdesk.helpcentre.services import help_content_sync

pytestmark = pytest.mark.django_db


def test_loading_again_changes_nothing() -> None:
    assert Article.objects.exists()  # loaded by the migrate that made the test database
    assert help_content_sync() == 0


def test_an_editors_change_lasts_until_the_file_changes() -> None:
    version = ArticleVersion.objects.get(article__slug="forgot-password", language="en")
    version.title = "Edited in the admin"
    version.save()
    Article.objects.filter(slug="forgot-password").update(status=ArticleStatus.DRAFT)
    help_content_sync()
    version.refresh_from_db()
    assert version.title == "Edited in the admin"

    Article.objects.filter(slug="forgot-password").update(source_digest="older file")
    assert help_content_sync() == 1
    version.refresh_from_db()
    assert version.title == "Forgot your password?"
    assert "<h2>Steps</h2>" in version.body_html
    # Publishing stays the editors' decision.
    assert Article.objects.get(slug="forgot-password").status == ArticleStatus.DRAFT


def test_related_articles_are_linked() -> None:
    article = Article.objects.get(slug="wallet-stolen")
    assert set(article.related.values_list("slug", flat=True)) == {
        "after-freeze",
        "police-evidence",
        "strong-password",
    }


def _write(tmp_path, name: str, front: str) -> None:
    (tmp_path / name).write_text(f"---\n{front}\n---\nBody\n", encoding="utf-8")


def test_unknown_problem_types_and_disagreeing_languages_are_refused(tmp_path) -> None:
    _write(tmp_path, "a.zh-hans.md", "title: 标题\nsummary: 摘要\ncategory: money\ntags: nope")
    with pytest.raises(ContentError, match="unknown problem types"):
        read_article("a", tmp_path)
    _write(tmp_path, "b.zh-hans.md", "title: 标题\nsummary: 摘要\ncategory: money\ntags: other")
    _write(tmp_path, "b.en.md", "title: T\nsummary: S\ncategory: crypto")
    with pytest.raises(ContentError, match="category differs"):
        read_article("b", tmp_path)
    _write(tmp_path, "c.en.md", "title: T")
    with pytest.raises(ContentError, match="title and summary"):
        read_article("c", tmp_path)


def test_an_edited_version_is_searchable_once_committed(django_capture_on_commit_callbacks) -> None:
    version = ArticleVersion.objects.get(article__slug="crypto-memo-tag", language="en")
    version.summary = "Zanzibarian wording for this test."
    with django_capture_on_commit_callbacks(execute=True):
        version.save()
    assert [v.slug for v in help_search("zanzibarian", language="en")] == ["crypto-memo-tag"]
    found = help_search("zanzibarian", language="en")[0]
    assert "<mark>" in str(found.snippet)
