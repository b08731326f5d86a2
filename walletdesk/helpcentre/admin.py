"""Editors write and publish articles in the Django admin."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from walletdesk.core import clock
from walletdesk.helpcentre.models import Article, ArticleStatus, ArticleVersion, Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # django-stubs: generic admin
    list_display = ["slug", "name_zh_hans", "name_en", "position"]


class VersionInline(admin.StackedInline):  # type: ignore[type-arg]  # django-stubs: generic admin
    model = ArticleVersion
    extra = 0


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # django-stubs: generic admin
    list_display = ["slug", "category", "status", "published_at", "helpful_count"]
    list_filter = ["status", "category"]
    search_fields = ["slug", "versions__title"]
    filter_horizontal = ["related"]
    readonly_fields = ["helpful_count", "not_helpful_count", "published_at"]
    inlines = [VersionInline]
    actions = ["publish", "unpublish"]

    @admin.action(description=_("Publish the selected articles"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        queryset.filter(published_at__isnull=True).update(published_at=clock.now())
        queryset.update(status=ArticleStatus.PUBLISHED)

    @admin.action(description=_("Turn the selected articles back into drafts"))
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        queryset.update(status=ArticleStatus.DRAFT)
