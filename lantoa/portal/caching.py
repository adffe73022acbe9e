"""Whole-page caching of the public site for anonymous visitors, purged on every publish.

Visitors without a session get the stored HTML of a page; anything signed in, the admin, the
API, previews and non-GET requests pass straight through. Publishing, unpublishing, moving or
deleting a page bumps a generation number that is part of every key, so the next request
renders afresh — a publish shows at once, in every web process (the cache is shared). Parts of
pages that only a publish changes (menus, counts) are kept under the same generation, for pages
rendered afresh (`published_content_cached`).
"""

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches
from django.utils.cache import get_max_age, patch_response_headers

GENERATION_KEY = "portal:generation"
# A bound on how long content kept by `published_content_cached` may outlive a change that
# sends no signal (an edit made straight in the database).
CONTENT_CACHE_SECONDS = 3600
T = TypeVar("T")
BYPASS_PREFIXES = (
    "/admin/",
    "/api/",
    "/healthz",
    "/xem-truoc/",
    "/documents/",
    "/oai",
    "/media/",
    "/static/",
)


def page_cache():
    return caches[settings.PORTAL_CACHE_ALIAS]


def page_cache_generation() -> int:
    return page_cache().get_or_set(GENERATION_KEY, 1, timeout=None)


def page_cache_purge() -> None:
    """Make every stored page stale (called when public content changes)."""
    cache = page_cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def published_content_cached(name: str, compute: Callable[[], T]) -> T:
    """`compute()`, kept in the cache until public content next changes (the generation that
    also keys the stored pages). For what many pages show and only a publish changes: the
    menus, the number of articles in a section. Used whether or not whole pages are stored."""
    cache = page_cache()
    key = f"portal:content:{page_cache_generation()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=CONTENT_CACHE_SECONDS)
    return value


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or not settings.PORTAL_CACHE_SECONDS:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    return not request.path.startswith(BYPASS_PREFIXES)


def _cacheable_response(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-cache" in cache_control or "no-store" in cache_control:
        return False
    content_type = response.get("Content-Type", "")
    return content_type.startswith(
        (
            "text/html",
            "application/rss+xml",
            "application/atom+xml",
            "application/xml",
            "text/xml",
            "text/plain",
        )
    )


class AnonymousPageCacheMiddleware:
    """Serve and store public pages for anonymous visitors (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        cache = page_cache()
        key = (
            f"portal:page:{page_cache_generation()}:{request.get_host()}:{request.get_full_path()}"
        )
        cached = cache.get(key)
        if cached is not None:
            cached["X-Cache"] = "HIT"
            return cached
        response = self.get_response(request)
        if _cacheable_response(response):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            # A view may ask for less (max-age) when its figures change without a publish.
            timeout = min(
                settings.PORTAL_CACHE_SECONDS,
                get_max_age(response) or settings.PORTAL_CACHE_SECONDS,
            )
            if not response.has_header("Cache-Control"):
                patch_response_headers(response, cache_timeout=60)
            cache.set(key, response, timeout=timeout)
            response["X-Cache"] = "MISS"
        return response
