"""What the repository makes from an asset's file, in the background right after upload
(`asset_process`, queued by asset_ingest): image renditions (renditions.py), a video's duration
and poster frame, an audio file's duration, a PDF's page count, text and first page, an office
file's text. The asset is then marked processed and its search text (which includes the
extracted text) is indexed again.

Each step that fails is logged and skipped: a missing poster must not keep the rest from being
made. Running it again replaces what it made before.
"""

import contextlib
import html
import logging
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.images import get_image_model

from lantoa.core.slugs import slug_from_title
from lantoa.core.text import truncate
from lantoa.library import media_tools
from lantoa.library.models import Asset
from lantoa.library.renditions import rendition_specs

logger = logging.getLogger(__name__)

MAX_TEXT_CHARS = 200_000
MAX_PDF_TEXT_PAGES = 500
# The most of one XML part of an office file read for its text (the part is compressed: the
# ingest already refused files that expand too far).
MAX_XML_BYTES = 64 * 1024 * 1024
POSTER_AT_FRACTION = 0.1
POSTER_AT_MAX_SECONDS = 10.0


@contextlib.contextmanager
def _local_path(field_file):
    """A path on local disk for a stored file (a temporary copy for remote storages)."""
    try:
        local = Path(field_file.path)
    except NotImplementedError:
        local = None
    if local is not None:
        yield local
        return
    with tempfile.NamedTemporaryFile(suffix=Path(field_file.name).suffix) as copy:
        with field_file.open("rb") as source:
            shutil.copyfileobj(source, copy, 1024 * 1024)
        copy.flush()
        yield Path(copy.name)


def _renditions_make(image) -> None:
    image.get_renditions(*rendition_specs())


def _preview_image_replace(asset: Asset, jpeg: bytes, label: str, *, top: bool = False) -> None:
    """Keep `jpeg` as the asset's preview image (a Wagtail image in the asset's collection),
    replacing any earlier one, and make its renditions. `top`: a page whose cropped renditions
    (catalogue cards) should show its top, where a cover puts its title."""
    old = asset.preview_image
    image = get_image_model()(
        title=truncate(_("%(what)s: %(title)s") % {"what": label, "title": asset.title}, 255),
        collection_id=asset.collection_id,
        uploaded_by_user=asset.uploaded_by,
    )
    name = f"{slug_from_title(asset.title)[:50] or 'asset'}-{asset.pk}.jpg"
    image.file = ContentFile(jpeg, name=name)
    image._set_image_file_metadata()
    if top and image.width and image.height:
        band = min(image.height, image.width * 2 // 3) // 2 * 2  # a card's 3:2 shape, even
        image.focal_point_x, image.focal_point_y = image.width // 2, band // 2
        image.focal_point_width, image.focal_point_height = image.width, band
    image.save()
    asset.preview_image = image
    Asset.objects.filter(pk=asset.pk).update(preview_image=image)
    if old is not None:
        old.delete()
    _renditions_make(image)


def _media_process(asset: Asset) -> list[str]:
    media = asset.media
    with _local_path(media.file) as path:
        probe = media_tools.media_probe(path)
        asset.duration_seconds = probe.duration
        media.duration = probe.duration or 0
        if probe.has_video:
            asset.width, asset.height = probe.width, probe.height
            media.width, media.height = probe.width, probe.height
            at = min((probe.duration or 0) * POSTER_AT_FRACTION, POSTER_AT_MAX_SECONDS)
            try:
                poster = media_tools.video_poster_jpeg(path, at_seconds=at)
            except media_tools.MediaToolError:
                logger.exception("no poster frame for asset %s", asset.pk)
                poster = None
            if poster:
                if media.thumbnail:
                    media.thumbnail.delete(save=False)
                name = f"{Path(media.file.name).stem}.jpg"
                media.thumbnail.save(name, ContentFile(poster), save=False)
                _preview_image_replace(asset, poster, _("Poster frame"))
        media.save()
    return ["duration_seconds", "width", "height"]


def _pdf_text(path: Path) -> tuple[int | None, str]:
    from pypdf import PdfReader

    reader = PdfReader(path)
    if reader.is_encrypted:
        try:
            reader.decrypt("")
        except Exception:  # noqa: BLE001 (a password-protected PDF keeps its text)
            return None, ""
    pages = len(reader.pages)
    texts, length = [], 0
    for number, page in enumerate(reader.pages):
        if number >= MAX_PDF_TEXT_PAGES or length >= MAX_TEXT_CHARS:
            break
        try:
            text = page.extract_text() or ""
        except Exception:  # noqa: BLE001 (one unreadable page must not lose the others)
            logger.warning("PDF page %s: no text", number + 1, exc_info=True)
            continue
        texts.append(text)
        length += len(text)
    return pages, "\n".join(texts)


_TAG = re.compile(rb"<[^>]+>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_XLSX_TEXT = re.compile(rb"<t(?:\s[^>]*)?>[^<]*</t>")
_BREAKS = re.compile(rb"</(?:w:p|a:p|text:p|text:h|p)>|<(?:w:br|w:tab|text:tab)\b[^>]*/>")


def _xml_text(xml: bytes) -> str:
    """The text of an office XML part: paragraphs on lines of their own, tags dropped."""
    text = _BREAKS.sub(b"\n", xml)
    text = _TAG.sub(b"", text).decode("utf-8", "replace")
    lines = (" ".join(line.split()) for line in html.unescape(text).splitlines())
    return "\n".join(line for line in lines if line)


def _slide_number(name: str) -> int:
    digits = re.search(r"(\d+)\.xml$", name)
    return int(digits.group(1)) if digits else 0


def _office_text(path: Path) -> tuple[int | None, str]:
    """(pages or slides when known, text) of a DOCX, PPTX, XLSX or OpenDocument file."""
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        slides = sorted(
            (name for name in names if re.fullmatch(r"ppt/slides/slide\d+\.xml", name)),
            key=_slide_number,
        )
        if "word/document.xml" in names:
            parts = ["word/document.xml"]
        elif slides:
            parts = slides
        elif "xl/workbook.xml" in names:
            # Excel keeps cell text in sharedStrings.xml, other writers inline in each sheet;
            # only <t> elements hold text (the rest is numbers and references).
            parts = ["xl/sharedStrings.xml"] if "xl/sharedStrings.xml" in names else []
            parts += sorted(
                (name for name in names if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", name)),
                key=_slide_number,
            )
        elif "content.xml" in names:
            parts = ["content.xml"]
        else:
            parts = []
        texts, length = [], 0
        for part in parts:
            if length >= MAX_TEXT_CHARS:
                break
            with archive.open(part) as member:
                xml = member.read(MAX_XML_BYTES)
            if part.startswith("xl/"):
                xml = b"\n".join(match.group(0) + b"</p>" for match in _XLSX_TEXT.finditer(xml))
            text = _xml_text(xml)
            texts.append(text)
            length += len(text)
    return (len(slides) or None), "\n".join(texts)


def _document_process(asset: Asset) -> list[str]:
    document = asset.document
    with _local_path(document.file) as path:
        if asset.mime_type == "application/pdf":
            asset.page_count, text = _pdf_text(path)
            try:
                first_page = media_tools.pdf_first_page_jpeg(path)
            except media_tools.MediaToolError:
                logger.exception("no first-page picture for asset %s", asset.pk)
            else:
                _preview_image_replace(asset, first_page, _("First page"), top=True)
        else:
            asset.page_count, text = _office_text(path)
    # Control characters (NUL above all: PostgreSQL refuses it in text) are not text.
    asset.extracted_text = _CONTROL.sub("", text)[:MAX_TEXT_CHARS]
    return ["page_count", "extracted_text"]


def asset_derivatives_make(*, asset_id: int) -> Asset | None:
    """Make everything the asset's pages need from its file; None if the asset is gone."""
    asset = (
        Asset.objects.select_related("image", "document", "media", "preview_image")
        .filter(pk=asset_id)
        .first()
    )
    if asset is None:
        return None
    changed = ["processed_at", "updated_at"]
    try:
        if asset.image_id:
            _renditions_make(asset.image)
        elif asset.media_id:
            changed += _media_process(asset)
        elif asset.document_id:
            changed += _document_process(asset)
    except Exception:
        # Logged, and the asset still counts as processed: the next upload of a fixed file or
        # a manual re-run (asset_process.enqueue) tries again.
        logger.exception("processing asset %s failed", asset.pk)
    asset.processed_at = timezone.now()
    with transaction.atomic():
        # Saving re-indexes the asset (Wagtail's post_save handler), extracted text included.
        asset.save(update_fields=changed)
    return asset


def asset_derivatives_delete(asset: Asset) -> None:
    """Delete what processing made for the asset (call before deleting the asset)."""
    if asset.preview_image_id:
        preview = asset.preview_image
        Asset.objects.filter(pk=asset.pk).update(preview_image=None)
        preview.delete()
    if asset.media_id and asset.media.thumbnail:
        asset.media.thumbnail.delete(save=True)
