"""Purge the anonymous page cache whenever public content changes."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from lantoa.portal.caching import page_cache_purge


def _purge(**kwargs) -> None:
    page_cache_purge()


def connect_cache_purging() -> None:
    from wagtail.models import Page, Site

    for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
        signal.connect(_purge, dispatch_uid=f"portal.cache_purge.{signal!r}")
    post_delete.connect(_purge, sender=Page, dispatch_uid="portal.cache_purge.page_delete")
    post_save.connect(_purge, sender=Site, dispatch_uid="portal.cache_purge.site_save")
