"""The image renditions the repository shows, made in the background right after upload.

A rendition is made by `asset_process` (lantoa/library/derivatives.py) as soon as an asset is
ingested, so a visitor's first view of a catalogue card or an asset page never waits for one.
Pages that show an asset's picture use these specs (and only these): any other spec would be
rendered during a page view. An image asset's picture is its own image; a video's is its poster
frame and a PDF's its first page, each kept as a Wagtail image in `Asset.preview_image`.
"""

from wagtail.images.models import Filter

# A catalogue card and an admin listing row (cropped to fill).
CARD = "fill-480x320"
# The asset page's preview (whole picture, at most this size).
PREVIEW = "max-1200x900"
# Wagtail's own image listing and chooser.
ADMIN_THUMBNAIL = "max-165x165"

SPECS_MADE_ON_UPLOAD = (CARD, PREVIEW, ADMIN_THUMBNAIL)


def rendition_specs() -> tuple[str, ...]:
    """Every spec to make on upload: these, and any the catalogue declares besides."""
    from lantoa.library import selectors

    extra = tuple(getattr(selectors, "RENDITION_SPECS", ()))
    return tuple(dict.fromkeys((*SPECS_MADE_ON_UPLOAD, *extra)))


def asset_picture(asset):
    """The Wagtail image standing for the asset: the image itself, or the poster frame or first
    page made from its file; None when there is none (audio, office files, not processed yet)."""
    return asset.image if asset.image_id else asset.preview_image


def asset_picture_url(asset, spec: str = CARD) -> str:
    """The URL of the asset's picture at `spec` if that rendition exists, else "" (it is never
    made here: a page view must not render images)."""
    image = asset_picture(asset)
    if image is None:
        return ""
    rendition = next(iter(image.find_existing_renditions(Filter(spec)).values()), None)
    return rendition.url if rendition is not None else ""


def document_thumbnail_url(asset, spec: str = CARD) -> str:
    """A document's first page at `spec` ("" until processed, or for office files)."""
    return asset_picture_url(asset, spec) if asset.document_id else ""
