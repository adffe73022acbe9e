"""Reads of the portal's published content. Only live, public pages reach visitors."""

from django.db.models import QuerySet
from wagtail.models import Page

from lantoa.portal.models import ArticlePage, SectionPage


def articles_published() -> QuerySet[ArticlePage]:
    return (
        ArticlePage.objects.live()
        .public()
        .select_related("featured_image", "authoring_unit")
        .prefetch_related("tags")
        .order_by("-first_published_at", "-pk")
    )


def articles_in_section(*, section: Page) -> QuerySet[ArticlePage]:
    return articles_published().descendant_of(section)


def articles_latest(*, root: Page, limit: int) -> list[ArticlePage]:
    return list(articles_published().descendant_of(root)[:limit])


def articles_related(*, article: ArticlePage, limit: int) -> list[ArticlePage]:
    """Articles sharing a topic with this one, newest first; else the newest of its section."""
    # Read through .all(): a page held in memory (a preview) has no saved tag rows to query.
    tag_ids = [tag.pk for tag in article.tags.all()]
    others = articles_published().exclude(pk=article.pk)
    related = []
    if tag_ids:
        related = list(others.filter(tags__in=tag_ids).distinct()[:limit])
    if len(related) < limit:
        seen = {page.pk for page in related}
        parent = article.get_parent()
        related += [page for page in others.child_of(parent)[: limit * 2] if page.pk not in seen][
            : limit - len(related)
        ]
    return related


def sections_for_home(*, home: Page) -> QuerySet[SectionPage]:
    return SectionPage.objects.child_of(home).live().public().order_by("path")
