"""Categories, articles and their language versions (see the package docstring for why)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from walletdesk.helpcentre.markdown import render_markdown
from walletdesk.vocab.choices import Language


class Category(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    name_zh_hans = models.CharField(_("name (Chinese)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    description_zh_hans = models.CharField(_("description (Chinese)"), max_length=200, blank=True)
    description_en = models.CharField(_("description (English)"), max_length=200, blank=True)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("help category")
        verbose_name_plural = _("help categories")

    def __str__(self) -> str:
        return self.name_zh_hans

    def name(self, language: str) -> str:
        return self.name_en if language == Language.EN else self.name_zh_hans

    def description(self, language: str) -> str:
        return self.description_en if language == Language.EN else self.description_zh_hans


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Article(models.Model):
    slug = models.SlugField(_("slug"), unique=True, max_length=80)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="articles", verbose_name=_("category")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    # Problem-type codes (walletdesk.vocab.choices.ProblemType) this article answers.
    tags = models.JSONField(_("problem types"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    helpful_count = models.PositiveIntegerField(_("helpful"), default=0)
    not_helpful_count = models.PositiveIntegerField(_("not helpful"), default=0)
    related = models.ManyToManyField(
        "self", blank=True, symmetrical=False, verbose_name=_("related articles")
    )
    # SHA-256 of the content files it was last loaded from; empty for articles made in the admin.
    source_digest = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["category__position", "position", "slug"]
        verbose_name = _("help article")
        verbose_name_plural = _("help articles")

    def __str__(self) -> str:
        return self.slug


class ArticleVersion(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(_("language"), max_length=10, choices=Language.choices)
    title = models.CharField(_("title"), max_length=160)
    summary = models.CharField(_("summary"), max_length=300)
    body = models.TextField(_("body (Markdown)"))
    body_html = models.TextField(editable=False, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "language"], name="one_version_per_language")
        ]
        verbose_name = _("language version")
        verbose_name_plural = _("language versions")

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        """The sanitised HTML is made once here, not on every page view."""
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)  # type: ignore[arg-type]
