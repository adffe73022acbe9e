"""Serving MEDIA_ROOT, with the say of the apps whose files are not all public.

Most files under MEDIA_ROOT are public (renditions of published images, released videos), but
some belong to records the public must not see yet (a repository asset before its release, or
after its withdrawal). An app registers a guard for the folders it stores files in:

    register_media_guard(prefixes=("original_images/", "images/"), guard=asset_file_access)

A guard takes the request and the file's path under MEDIA_ROOT and answers PUBLIC, STAFF_ONLY
(the requester may see it, nobody else: never cached by a shared cache) or DENIED (served as
404, so a draft's existence is not revealed). A path no guard claims is public.

Wagtail documents are never served from here: /documents/ serves them, after its own checks
(before_serve_document hooks), so a document's direct file URL would bypass them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from django.conf import settings
from django.http import Http404
from django.utils.cache import patch_cache_control
from django.views.static import serve


class MediaAccess(Enum):
    PUBLIC = "public"
    STAFF_ONLY = "staff_only"
    DENIED = "denied"


MediaGuard = Callable[[object, str], MediaAccess]


@dataclass(frozen=True)
class _Registration:
    prefixes: tuple[str, ...]
    guard: MediaGuard


_guards: dict[str, _Registration] = {}

# Served by their own views only.
NEVER_SERVED_PREFIXES = ("documents/",)


def register_media_guard(*, name: str, prefixes: tuple[str, ...], guard: MediaGuard) -> None:
    _guards[name] = _Registration(prefixes=tuple(prefixes), guard=guard)


def media_access(request, path: str) -> MediaAccess:
    """What the requester may do with the file at `path` (relative to MEDIA_ROOT)."""
    if path.startswith(NEVER_SERVED_PREFIXES):
        return MediaAccess.DENIED
    verdict = MediaAccess.PUBLIC
    for name in sorted(_guards):
        registration = _guards[name]
        if not path.startswith(registration.prefixes):
            continue
        answer = registration.guard(request, path)
        if answer is MediaAccess.DENIED:
            return answer
        if answer is MediaAccess.STAFF_ONLY:
            verdict = answer
    return verdict


def media_serve(request, path: str):
    """MEDIA_ROOT for the embedded server (a deployment's web server may serve the public part
    itself, passing the guarded folders to this view)."""
    access = media_access(request, path)
    if access is MediaAccess.DENIED:
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if access is MediaAccess.STAFF_ONLY:
        patch_cache_control(response, private=True, no_store=True)
    return response
