"""The files of an asset the public may not see (a draft, or a withdrawn asset) stay private.

An image's original and renditions, a video's file and thumbnail, a poster frame or a PDF's
first-page image all live under MEDIA_ROOT, where the media view serves them. It asks
`asset_file_access` first (registered in LibraryConfig.ready()): a file that belongs to an
unreleased asset goes only to staff who may see that asset; everyone else gets 404. The
answer is read from the asset's status each time, so releasing or withdrawing takes effect at
once. Documents never come this way: /documents/ serves them after refuse_unreleased_documents.

The lookups use indexes on the file columns of Wagtail's image, rendition and media tables
(migration 0003), one query per file.
"""

from django.db.models import Q, Subquery
from wagtail.images import get_image_model

from lantoa.core.media import MediaAccess
from lantoa.library.models import Asset, AssetStatus
from lantoa.library.selectors import assets_for_user

ORIGINAL_IMAGES = "original_images/"
RENDITIONS = "images/"
MEDIA_FILES = "media/"
MEDIA_THUMBNAILS = "media_thumbnails/"
GUARDED_PREFIXES = (ORIGINAL_IMAGES, RENDITIONS, MEDIA_FILES, MEDIA_THUMBNAILS)


def assets_owning_file(path: str):
    """The assets whose file, poster or thumbnail (or a rendition of one) is at `path`."""
    if path.startswith((MEDIA_FILES, MEDIA_THUMBNAILS)):
        return Asset.objects.filter(Q(media__file=path) | Q(media__thumbnail=path))
    image_model = get_image_model()
    if path.startswith(ORIGINAL_IMAGES):
        image_ids = image_model.objects.filter(file=path).values("pk")
    elif path.startswith(RENDITIONS):
        rendition_model = image_model.get_rendition_model()
        image_ids = rendition_model.objects.filter(file=path).values("image_id")
    else:
        return Asset.objects.none()
    return Asset.objects.filter(
        Q(image_id__in=Subquery(image_ids)) | Q(preview_image_id__in=Subquery(image_ids))
    )


def asset_file_access(request, path: str) -> MediaAccess:
    hidden = [
        pk
        for pk, status in assets_owning_file(path).values_list("pk", "status")
        if status != AssetStatus.RELEASED
    ]
    if not hidden:
        return MediaAccess.PUBLIC
    if assets_for_user(user=request.user).filter(pk__in=hidden).exists():
        return MediaAccess.STAFF_ONLY
    return MediaAccess.DENIED
