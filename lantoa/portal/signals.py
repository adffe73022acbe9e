"""Purge the anonymous page cache whenever public content changes."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from lantoa.portal.caching import page_cache_purge


def _purge(**kwargs) -> None:
    page_cache_purge()


def connect_cache_purging() -> None:
    from wagtail.models import Page, PageViewRestriction, Site

    from lantoa.directory.models import Organisation

    for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
        signal.connect(_purge, dispatch_uid=f"portal.cache_purge.{signal!r}")
    post_delete.connect(_purge, sender=Page, dispatch_uid="portal.cache_purge.page_delete")
    post_save.connect(_purge, sender=Site, dispatch_uid="portal.cache_purge.site_save")
    # A section made private (or public again) changes what anonymous visitors may see; every
    # page's footer shows the agency's name and contacts.
    for sender in (PageViewRestriction, Organisation):
        for signal in (post_save, post_delete):
            signal.connect(
                _purge,
                sender=sender,
                dispatch_uid=f"portal.cache_purge.{sender.__name__}.{signal!r}",
            )
