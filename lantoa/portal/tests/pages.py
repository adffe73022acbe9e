"""Builders for portal pages in tests: the real loaders for the tree, then articles on top."""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file_jpeg
from wagtail.models import Page, PageViewRestriction

from lantoa.directory.models import Unit
from lantoa.directory.services import agency_load
from lantoa.portal.models import ArticlePage, HomePage, SectionPage
from lantoa.portal.setup import portal_setup

AGENCY = Path("data/agencies/quang-ngai")


def portal_build() -> HomePage:
    """The Quảng Ngãi agency, its units and the portal tree (vi, with an English home/about)."""
    folder = settings.BASE_DIR / AGENCY
    agency_load(folder=folder)
    return portal_setup(folder=folder)


def section_get(slug: str = "nghi-quyet-57") -> SectionPage:
    return SectionPage.objects.get(slug=slug, locale__language_code="vi")


def image_create(title: str = "Ảnh hội thảo"):
    return get_image_model().objects.create(
        title=title, file=get_test_image_file_jpeg(size=(1600, 900))
    )


def article_add(
    parent: Page,
    *,
    title: str,
    lead: str = "Tóm tắt: đổi mới sáng tạo và chuyển đổi số ở Quảng Ngãi.",
    slug: str | None = None,
    tags: tuple[str, ...] = (),
    unit_code: str | None = "VP",
    image=None,
    published_days_ago: int | None = None,
    publish: bool = True,
) -> ArticlePage:
    article = ArticlePage(
        title=title,
        slug=slug or f"tin-{ArticlePage.objects.count() + 1}",
        lead=lead,
        featured_image=image,
        authoring_unit=Unit.objects.filter(code=unit_code).first() if unit_code else None,
        live=False,
    )
    parent.add_child(instance=article)
    if tags:
        article.tags.add(*tags)
    revision = article.save_revision()
    if publish:
        revision.publish()
        if published_days_ago is not None:
            when = timezone.now() - dt.timedelta(days=published_days_ago)
            ArticlePage.objects.filter(pk=article.pk).update(
                first_published_at=when, last_published_at=when
            )
    # A fresh instance: the one built here keeps its tags in memory (modelcluster).
    return ArticlePage.objects.get(pk=article.pk)


def page_make_private(page: Page) -> None:
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="bí-mật"
    )
