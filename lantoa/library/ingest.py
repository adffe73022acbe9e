"""Taking a file into the repository: `asset_ingest`, the one way in for every upload (the
admin upload screen, resumable uploads, bulk import, demo data).

A file is what its content says, not what its name says: the type is read from the bytes
(puremagic, then Pillow for images, a look inside ZIP-based office files, ffprobe for video and
audio) and the name's extension only has to agree. Refused, each with a Vietnamese reason
(`IngestRefused`): programs, SVG (a document that can carry script: refused, not sanitised),
unknown types, files over their type's size limit (settings.LIBRARY_MAX_BYTES), images with
more pixels than settings.LIBRARY_MAX_IMAGE_PIXELS (checked from the header, before any
decoding), damaged images, truncated or damaged video and audio, PDFs without their end
marker, office files with macros or that expand too far, and exact duplicates (SHA-256) of an
asset already in the repository.

Accepted images lose their location metadata before they are stored (lantoa/library/embedded.py:
the original is a public file) and give their caption, creator, copyright and date taken to the
asset's empty fields; a perceptual hash is kept to find near-duplicates (duplicates.py).

Everything is written in one transaction. On a refusal or any error, nothing is left: no row,
no stored file, no temporary file. (A caller that wraps `asset_ingest` in its own transaction
and then rolls back must delete `asset.file_object.file` itself: Django has no hook for that.)
Renditions, posters, page counts and extracted text are made afterwards in the background
(`asset_process`, queued when the transaction commits).
"""

import functools
import hashlib
import logging
import mimetypes
import os
import shutil
import tempfile
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import formats
from django.utils.translation import gettext as _
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtailmedia.models import get_media_model

from lantoa.core.slugs import slug_from_title
from lantoa.core.text import nfc, truncate
from lantoa.library import media_tools
from lantoa.library.duplicates import image_dhash
from lantoa.library.embedded import (
    EmbeddedMetadata,
    embedded_metadata_read,
    image_location_remaining,
    image_location_strip,
)
from lantoa.library.models import Asset, AssetKind, AssetStatus, upload_dir

logger = logging.getLogger(__name__)

HEAD_BYTES = 8192
HASH_CHUNK = 1024 * 1024
# An office file (a ZIP of XML parts) may not expand beyond this when opened, nor hold more
# parts than this: a guard against ZIP bombs disguised as documents.
OFFICE_MAX_EXPANDED_BYTES = 1024**3
OFFICE_MAX_PARTS = 10_000

IMAGE, DOCUMENT, VIDEO, AUDIO = "image", "document", "video", "audio"
KINDS_FOR_GROUP = {
    IMAGE: (AssetKind.IMAGE, AssetKind.INFOGRAPHIC),
    DOCUMENT: (AssetKind.DOCUMENT, AssetKind.PUBLICATION),
    VIDEO: (AssetKind.VIDEO,),
    AUDIO: (AssetKind.AUDIO,),
}


class IngestRefused(ValidationError):
    """A file the repository does not take, with the reason in the user's language.

    `code` names the reason ("executable", "svg", "unsupported", "extension", "too_large",
    "pixels", "damaged", "truncated", "macro", "duplicate", "kind", "location", "empty",
    "tool_missing", "invalid"); a duplicate also carries the asset it duplicates.
    """

    def __init__(self, message, code: str, *, duplicate_of: Asset | None = None):
        super().__init__(message, code=code)
        self.duplicate_of = duplicate_of


@dataclass(frozen=True)
class FileFormat:
    """What a file is: its format, the kind of asset it can be, its MIME type, the file name
    extensions that may carry it."""

    name: str
    group: str
    mime_type: str
    extensions: tuple[str, ...]


_FORMATS = {
    format.name: format
    for format in [
        FileFormat("JPEG", IMAGE, "image/jpeg", ("jpg", "jpeg", "jpe", "jfif")),
        FileFormat("PNG", IMAGE, "image/png", ("png",)),
        FileFormat("GIF", IMAGE, "image/gif", ("gif",)),
        FileFormat("WebP", IMAGE, "image/webp", ("webp",)),
        FileFormat("PDF", DOCUMENT, "application/pdf", ("pdf",)),
        FileFormat(
            "DOCX",
            DOCUMENT,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ("docx",),
        ),
        FileFormat(
            "PPTX",
            DOCUMENT,
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            ("pptx",),
        ),
        FileFormat(
            "XLSX",
            DOCUMENT,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ("xlsx",),
        ),
        FileFormat("ODT", DOCUMENT, "application/vnd.oasis.opendocument.text", ("odt",)),
        FileFormat("ODS", DOCUMENT, "application/vnd.oasis.opendocument.spreadsheet", ("ods",)),
        FileFormat("ODP", DOCUMENT, "application/vnd.oasis.opendocument.presentation", ("odp",)),
    ]
}
_PILLOW_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "GIF": "GIF", "WEBP": "WebP", "MPO": "JPEG"}
# puremagic's answers (file name extensions it would give) → the repository's formats.
_MAGIC_IMAGE = {"jpg": "JPEG", "jpeg": "JPEG", "jpe": "JPEG", "jfif": "JPEG"} | {
    "png": "PNG",
    "gif": "GIF",
    "webp": "WebP",
}
_MAGIC_OFFICE = {"docx", "pptx", "xlsx", "odt", "ods", "odp"}
_MAGIC_AV = {
    "mp4", "m4a", "m4v", "m4b", "mov", "qt", "3gp", "3g2", "f4v", "f4a", "webm", "mkv", "mka",
    "ogg", "oga", "ogv", "opus", "ogx", "mp3", "wav", "flac", "aac", "avi",
}  # fmt: skip
_MAGIC_PROGRAMS = {"exe", "dll", "sys", "com", "scr", "msi", "elf", "so", "o", "appimage", "dylib"}
# ffprobe's container names → (video file extensions, audio file extensions).
_CONTAINERS = {
    "mp4": (("mp4", "m4v", "mov"), ("m4a", "mp4", "aac")),
    "mov": (("mp4", "m4v", "mov"), ("m4a", "mp4", "aac")),
    "matroska": (("mkv",), ()),
    "webm": (("webm",), ("webm",)),
    "ogg": (("ogv", "ogg"), ("ogg", "oga", "opus")),
    "avi": (("avi",), ()),
    "mp3": ((), ("mp3",)),
    "wav": ((), ("wav",)),
    "flac": ((), ("flac",)),
    "aac": ((), ("aac",)),
}
_VIDEO_MIME = {
    "mp4": "video/mp4",
    "m4v": "video/mp4",
    "mov": "video/quicktime",
    "webm": "video/webm",
    "mkv": "video/x-matroska",
    "ogv": "video/ogg",
    "ogg": "video/ogg",
    "avi": "video/x-msvideo",
}
_AUDIO_MIME = {
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "mp4": "audio/mp4",
    "aac": "audio/aac",
    "wav": "audio/wav",
    "ogg": "audio/ogg",
    "oga": "audio/ogg",
    "opus": "audio/ogg",
    "flac": "audio/flac",
    "webm": "audio/webm",
}
# The first bytes of programs for Windows, Linux, macOS and of scripts.
_PROGRAM_SIGNATURES = (
    (b"MZ", "Windows (PE)"),
    (b"\x7fELF", "Linux (ELF)"),
    (b"\xcf\xfa\xed\xfe", "macOS (Mach-O)"),
    (b"\xce\xfa\xed\xfe", "macOS (Mach-O)"),
    (b"\xfe\xed\xfa\xce", "macOS (Mach-O)"),
    (b"\xfe\xed\xfa\xcf", "macOS (Mach-O)"),
    (b"\xca\xfe\xba\xbe", "macOS / Java"),
    (b"#!", "script"),
)


@dataclass
class Inspection:
    """What ingest learnt about the file before storing it."""

    format: FileFormat
    group: str
    stored_path: Path
    movable: bool
    width: int | None = None
    height: int | None = None
    duration: float | None = None
    perceptual_hash: str = ""
    embedded: EmbeddedMetadata = field(default_factory=EmbeddedMetadata)


# --- refusals ---------------------------------------------------------------------------------


def _group_label(group: str) -> str:
    return {
        IMAGE: _("image"),
        DOCUMENT: _("document"),
        VIDEO: _("video"),
        AUDIO: _("audio"),
    }[group]


def _refuse_unsupported():
    raise IngestRefused(
        _(
            "This type of file is not accepted. Upload a photo (JPEG, PNG, GIF, WebP), a video "
            "(MP4, WebM, MOV, MKV), audio (MP3, M4A, WAV, OGG, FLAC) or a document (PDF, DOCX, "
            "PPTX, XLSX, ODT, ODS, ODP)."
        ),
        "unsupported",
    )


def _refuse_program(kind: str):
    raise IngestRefused(
        _(
            "This file is a program (%(kind)s), not a photo, video, audio or document. "
            "Programs may not be uploaded."
        )
        % {"kind": kind},
        "executable",
    )


def _refuse_damaged(group: str):
    raise IngestRefused(
        _("This %(type)s file is damaged or incomplete and cannot be opened.")
        % {"type": _group_label(group)},
        "damaged",
    )


def _refuse_tool_missing():
    raise IngestRefused(
        _(
            "The server cannot check video and audio files at the moment (a tool is missing). "
            "Please tell the system administrator."
        ),
        "tool_missing",
    )


# --- what the file is -----------------------------------------------------------------------


def _extension(filename: str) -> str:
    return Path(filename).suffix.lower().lstrip(".")


def _check_extension(filename: str, extensions: tuple[str, ...], format_name: str) -> None:
    extension = _extension(filename)
    if extension not in extensions:
        raise IngestRefused(
            _(
                "The file name's extension (.%(extension)s) does not match what the file really "
                "is: %(format)s. Rename it to .%(expected)s if the content is right."
            )
            % {"extension": extension, "format": format_name, "expected": extensions[0]},
            "extension",
        )


def _magic_extensions(path: Path) -> list[str]:
    """puremagic's candidate extensions, most confident first ("" for unnamed matches)."""
    try:
        with open(path, "rb") as stream:
            matches = puremagic.magic_stream(stream)
    except (puremagic.PureError, ValueError):
        return []
    names = []
    for match in matches:
        extension = (match.extension or "").lower().lstrip(".")
        if "executable" in (match.name or "").lower():
            extension = "exe"
        names.append(extension)
    return names


def _is_svg(head: bytes, filename: str) -> bool:
    if _extension(filename) in ("svg", "svgz"):
        return True
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<?xml", b"<svg", b"<!doctype svg")) and b"<svg" in text


def _office_format(path: Path) -> FileFormat:
    """The office format of a ZIP-based document, after checking it for macros and bombs."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            if len(parts) > OFFICE_MAX_PARTS or (
                sum(part.file_size for part in parts) > OFFICE_MAX_EXPANDED_BYTES
            ):
                raise IngestRefused(
                    _(
                        "This document expands to more than %(limit)s when opened: it is "
                        "refused as a possible ZIP bomb."
                    )
                    % {"limit": filesizeformat(OFFICE_MAX_EXPANDED_BYTES)},
                    "damaged",
                )
            names = {part.filename for part in parts}
            if any(name.lower().rsplit("/", 1)[-1] == "vbaproject.bin" for name in names):
                raise IngestRefused(
                    _(
                        "Documents with macros are not accepted. Save it without macros (as "
                        ".docx, .xlsx or .pptx) and upload that."
                    ),
                    "macro",
                )
            if "[Content_Types].xml" in names:
                for part, name in (
                    ("word/document.xml", "DOCX"),
                    ("ppt/presentation.xml", "PPTX"),
                    ("xl/workbook.xml", "XLSX"),
                ):
                    if part in names:
                        return _FORMATS[name]
            if "mimetype" in names:
                declared = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                for name in ("ODT", "ODS", "ODP"):
                    if declared == _FORMATS[name].mime_type:
                        return _FORMATS[name]
    except (zipfile.BadZipFile, OSError, EOFError):
        _refuse_damaged(DOCUMENT)
    _refuse_unsupported()


def _check_pdf(path: Path, size: int) -> None:
    with open(path, "rb") as file:
        file.seek(max(size - 4096, 0))
        tail = file.read()
    if b"%%EOF" not in tail:
        raise IngestRefused(
            _(
                "This PDF file is incomplete (its end is missing): the copy or the upload was "
                "probably cut short. Check the original file and upload it again."
            ),
            "truncated",
        )


def _inspect_image(path: Path, format_name: str, filename: str, workdir: Path) -> Inspection:
    _check_extension(filename, _FORMATS[format_name].extensions, format_name)
    limit = settings.LIBRARY_MAX_IMAGE_PIXELS
    too_many_pixels = IngestRefused(
        _(
            "This image has too many pixels to be processed safely (at most %(limit)s "
            "megapixels). Reduce its size and upload it again."
        )
        % {"limit": formats.number_format(limit / 1_000_000, 0)},
        "pixels",
    )
    try:
        with warnings.catch_warnings():
            # Pillow's own guard (its header check, before decoding) becomes a refusal too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if _PILLOW_FORMATS.get(image.format) != format_name:
                    _refuse_damaged(IMAGE)
                width, height = image.size
                if width * height > limit:
                    raise too_many_pixels
                pillow_format = "JPEG" if image.format == "MPO" else image.format
                embedded = embedded_metadata_read(image)
                perceptual_hash = image_dhash(image)  # decodes: a damaged file fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise too_many_pixels from error
    except IngestRefused:
        raise
    except Exception as error:  # noqa: BLE001 (Pillow raises many kinds for broken files)
        logger.info("image %s refused as damaged: %r", filename, error)
        _refuse_damaged(IMAGE)

    # The original becomes a public file: store a copy without the location.
    clean = workdir / f"image.{_FORMATS[format_name].extensions[0]}"
    shutil.copyfile(path, clean)
    try:
        image_location_strip(clean, pillow_format)
        location_left = image_location_remaining(clean)
    except (ValueError, OSError):
        location_left = True
    if location_left:
        raise IngestRefused(
            _(
                "The location could not be removed from this image's metadata, so it was not "
                "stored. Remove the location with photo software and upload it again."
            ),
            "location",
        )
    return Inspection(
        format=_FORMATS[format_name],
        group=IMAGE,
        stored_path=clean,
        movable=True,
        width=width,
        height=height,
        perceptual_hash=perceptual_hash,
        embedded=embedded,
    )


def _inspect_audio_video(path: Path, filename: str, size: int, *, movable: bool) -> Inspection:
    try:
        probe = media_tools.media_probe(path)
    except media_tools.MediaToolError as error:
        if "not installed" in str(error):
            _refuse_tool_missing()
        probe, problem = None, str(error)
    else:
        problem = "" if probe.duration else "no duration"
    if probe is not None and (probe.has_video or probe.has_audio):
        group = VIDEO if probe.has_video else AUDIO
    else:
        group = VIDEO if _extension(filename) in _video_extensions() else AUDIO
        problem = problem or "no video or audio stream"
    _check_size(size, group)
    if not problem:
        try:
            problem = media_tools.media_truncation(path)
        except media_tools.MediaToolError as error:
            problem = str(error)
    if problem:
        logger.info("media %s refused as damaged or truncated: %s", filename, problem)
        raise IngestRefused(
            _(
                "This %(type)s file is damaged or incomplete: the copy or the upload was "
                "probably cut short. Check the original file and upload it again."
            )
            % {"type": _group_label(group)},
            "truncated",
        )
    containers = [name for name in probe.format_names if name in _CONTAINERS]
    if not containers:
        _refuse_unsupported()
    position = 0 if group == VIDEO else 1
    extensions = tuple(
        dict.fromkeys(ext for name in containers for ext in _CONTAINERS[name][position])
    )
    if not extensions:
        _refuse_unsupported()
    codec = probe.video_codec if group == VIDEO else probe.audio_codec
    label = f"{containers[-1].upper()} ({codec.upper()})" if codec else containers[-1].upper()
    _check_extension(filename, extensions, f"{_group_label(group)} {label}")
    extension = _extension(filename)
    mime = (_VIDEO_MIME if group == VIDEO else _AUDIO_MIME).get(extension, "")
    return Inspection(
        format=FileFormat(label, group, mime or mimetypes.guess_type(filename)[0] or "", ()),
        group=group,
        stored_path=path,
        movable=movable,
        width=probe.width,
        height=probe.height,
        duration=probe.duration,
    )


def _inspect(path: Path, filename: str, size: int, workdir: Path, *, movable: bool) -> Inspection:
    with open(path, "rb") as file:
        head = file.read(HEAD_BYTES)
    for signature, kind in _PROGRAM_SIGNATURES:
        if head.startswith(signature):
            _refuse_program(kind)
    if _is_svg(head, filename):
        raise IngestRefused(
            _(
                "SVG images are not accepted: an SVG file can carry script. Export the picture "
                "as PNG and upload that."
            ),
            "svg",
        )
    candidates = _magic_extensions(path)
    for extension in candidates:
        if extension in _MAGIC_PROGRAMS:
            _refuse_program(extension.upper())
        if extension in _MAGIC_IMAGE:
            _check_size(size, IMAGE)
            return _inspect_image(path, _MAGIC_IMAGE[extension], filename, workdir)
        if extension == "pdf" and head.startswith(b"%PDF-"):
            _check_size(size, DOCUMENT)
            _check_extension(filename, _FORMATS["PDF"].extensions, "PDF")
            _check_pdf(path, size)
            return Inspection(_FORMATS["PDF"], DOCUMENT, path, movable)
        if extension in _MAGIC_OFFICE:
            _check_size(size, DOCUMENT)
            office = _office_format(path)
            _check_extension(filename, office.extensions, office.name)
            return Inspection(office, DOCUMENT, path, movable)
        if extension in _MAGIC_AV:
            return _inspect_audio_video(path, filename, size, movable=movable)
    _refuse_unsupported()


@functools.cache
def _video_extensions() -> frozenset[str]:
    return frozenset(_VIDEO_MIME)


def _check_size(size: int, group: str) -> None:
    limit = settings.LIBRARY_MAX_BYTES[group]
    if size > limit:
        raise IngestRefused(
            _("This %(type)s is %(size)s; the largest accepted is %(limit)s.")
            % {
                "type": _group_label(group),
                "size": filesizeformat(size),
                "limit": filesizeformat(limit),
            },
            "too_large",
        )


def upload_size_check(*, filename: str, size: int) -> None:
    """Refuse early a declared size over every limit, or over the limit of the type the file
    name suggests (the content decides at the end: see asset_ingest)."""
    extension = _extension(filename)
    group = next(
        (format.group for format in _FORMATS.values() if extension in format.extensions),
        None,
    )
    if group is None:
        group = VIDEO if extension in _video_extensions() else None
    if group is None and extension in _AUDIO_MIME:
        group = AUDIO
    if group is not None:
        _check_size(size, group)
    elif size > max(settings.LIBRARY_MAX_BYTES.values()):
        _check_size(size, max(settings.LIBRARY_MAX_BYTES, key=settings.LIBRARY_MAX_BYTES.get))


# --- storing --------------------------------------------------------------------------------


def _hashes(path: Path) -> tuple[str, str]:
    """SHA-256 (the repository's duplicate check) and SHA-1 (Wagtail's file_hash), read once."""
    sha256, sha1 = hashlib.sha256(), hashlib.sha1(usedforsecurity=False)
    with open(path, "rb") as file:
        while chunk := file.read(HASH_CHUNK):
            sha256.update(chunk)
            sha1.update(chunk)
    return sha256.hexdigest(), sha1.hexdigest()


def _duplicate_refusal(existing: Asset) -> IngestRefused:
    return IngestRefused(
        _("This file is already in the repository: “%(title)s” (%(unit)s, uploaded %(date)s).")
        % {
            "title": existing.title,
            "unit": existing.source_unit.name,
            "date": formats.date_format(existing.created_at, "SHORT_DATE_FORMAT"),
        },
        "duplicate",
        duplicate_of=existing,
    )


class _LocalFile(File):
    """A file on local disk for a storage to save; a movable one is moved, not copied (the
    file system storage moves anything that has a temporary_file_path)."""

    def __init__(self, path: Path, *, movable: bool):
        super().__init__(open(path, "rb"), name=path.name)  # closed by the caller
        self.path = path
        if movable:
            self.temporary_file_path = lambda: str(path)


def _stored_name(filename: str, extension: str) -> str:
    stem = slug_from_title(Path(filename).stem)[:60].strip("-") or "tep"
    return f"{stem}.{extension}"


def _default_collection(source_unit) -> Collection:
    from lantoa.library.selectors import library_root_collection, unit_collection

    return (
        unit_collection(source_unit)
        or library_root_collection()
        or Collection.get_first_root_node()
    )


def _title_from_filename(filename: str) -> str:
    return " ".join(Path(filename).stem.replace("_", " ").replace("-", " ").split())


_TEXT_FIELDS = {"title", "description", "creator", "attribution", "language", "licence"}
_OTHER_FIELDS = {"created_on", "depicts_people", "work"}
_MANY_FIELDS = {"topics", "audiences", "plan_tasks"}


def _asset_fields(metadata: dict, inspection: Inspection, filename: str):
    unknown = set(metadata) - _TEXT_FIELDS - _OTHER_FIELDS - _MANY_FIELDS
    if unknown:
        raise TypeError(f"asset_ingest() got unexpected metadata: {', '.join(sorted(unknown))}")
    fields = {
        name: (nfc(value).strip() if isinstance(value, str) else value)
        for name, value in metadata.items()
        if name not in _MANY_FIELDS and value not in (None, "")
    }
    embedded = inspection.embedded
    fields.setdefault("title", embedded.title or _title_from_filename(filename) or filename)
    for name, value in (
        ("description", embedded.caption),
        ("creator", embedded.creator),
        ("attribution", embedded.copyright),
        ("created_on", embedded.taken_on),
    ):
        if value:
            fields.setdefault(name, value)
    for name in ("title", "creator", "attribution"):
        if isinstance(fields.get(name), str):
            fields[name] = truncate(fields[name], 255)
    many = {name: metadata[name] for name in _MANY_FIELDS if metadata.get(name)}
    return fields, many


def _file_object(inspection: Inspection, *, title, collection, uploaded_by, sha1, size):
    """An unsaved Wagtail image, document or wagtailmedia file for the inspected file."""
    common = {"title": title, "collection": collection, "uploaded_by_user": uploaded_by}
    if inspection.group == IMAGE:
        return "image", get_image_model()(
            **common,
            width=inspection.width,
            height=inspection.height,
            file_size=size,
            file_hash=sha1,
        )
    if inspection.group == DOCUMENT:
        return "document", get_document_model()(**common, file_size=size, file_hash=sha1)
    return "media", get_media_model()(
        **common,
        type=inspection.group,
        duration=inspection.duration or 0,
        width=inspection.width,
        height=inspection.height,
    )


def _enqueue_processing(asset_id: int) -> None:
    from lantoa.library.tasks import asset_process

    asset_process.enqueue(asset_id)


def asset_ingest(
    *,
    path: Path,
    filename: str,
    uploaded_by,
    source_unit,
    collection: Collection | None = None,
    kind: str | None = None,
    move_file: bool = False,
    **metadata,
) -> Asset:
    """Take the file at `path` (named `filename` by its owner) into the repository as a draft
    asset of `source_unit`; raise IngestRefused, leaving nothing behind, if it is not taken.

    `kind` overrides the kind read from the content where it fits (an image may be an
    infographic, a document a publication). `metadata` gives the asset's fields (title,
    description, language, creator, created_on, licence, attribution, depicts_people, work,
    topics, audiences, plan_tasks); empty ones are filled from the file's embedded metadata,
    the title at least from the file name. With `move_file` the file is moved into storage
    instead of copied (a resumable upload's temporary file); if it is refused it stays where
    it was.
    """
    path = Path(path)
    filename = nfc(Path(filename).name)
    size = path.stat().st_size
    if size == 0:
        raise IngestRefused(_("The file is empty."), "empty")
    folder = upload_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder, prefix="ingest-") as workdir:
        inspection = _inspect(path, filename, size, Path(workdir), movable=move_file)
        kind = kind or KINDS_FOR_GROUP[inspection.group][0]
        if kind not in KINDS_FOR_GROUP[inspection.group]:
            raise IngestRefused(
                _("A %(format)s file cannot be catalogued as “%(kind)s”.")
                % {"format": inspection.format.name, "kind": AssetKind(kind).label},
                "kind",
            )
        sha256, sha1 = _hashes(inspection.stored_path)
        existing = Asset.objects.filter(sha256=sha256).select_related("source_unit").first()
        if existing is not None:
            raise _duplicate_refusal(existing)
        fields, many = _asset_fields(metadata, inspection, filename)
        collection = collection or _default_collection(source_unit)
        stored_size = inspection.stored_path.stat().st_size
        field_name, file_object = _file_object(
            inspection,
            title=fields["title"],
            collection=collection,
            uploaded_by=uploaded_by,
            sha1=sha1,
            size=stored_size,
        )
        asset = Asset(
            kind=kind,
            source_unit=source_unit,
            collection=collection,
            uploaded_by=uploaded_by,
            status=AssetStatus.DRAFT,
            mime_type=inspection.format.mime_type,
            file_size=stored_size,
            sha256=sha256,
            perceptual_hash=inspection.perceptual_hash,
            width=inspection.width,
            height=inspection.height,
            duration_seconds=inspection.duration,
            **fields,
        )
        try:
            asset.full_clean(
                exclude=["image", "document", "media", "preview_image"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            raise IngestRefused(" ".join(error.messages), "invalid") from error

        storage = file_object.file.field.storage
        stored_name = None
        moved = inspection.movable and inspection.stored_path == path
        try:
            with transaction.atomic():
                extension = _extension(filename) or inspection.format.extensions[0]
                target = file_object.file.field.generate_filename(
                    file_object, _stored_name(filename, extension)
                )
                with _LocalFile(inspection.stored_path, movable=inspection.movable) as content:
                    stored_name = storage.save(target, content)
                file_object.file = stored_name
                file_object.save()
                setattr(asset, field_name, file_object)
                asset.save()
                for name, values in many.items():
                    getattr(asset, name).set(values)
                transaction.on_commit(functools.partial(_enqueue_processing, asset.pk), robust=True)
        except BaseException as error:
            if stored_name is not None:
                _unstore(storage, stored_name, back_to=path if moved else None)
            if isinstance(error, IntegrityError):
                existing = Asset.objects.filter(sha256=sha256).first()
                if existing is not None:  # the same file, uploaded a moment ago
                    raise _duplicate_refusal(existing) from error
            raise
    logger.info("ingested %s as asset %s (%s)", filename, asset.pk, inspection.format.name)
    return asset


def _unstore(storage, name: str, *, back_to: Path | None) -> None:
    """Undo a storage save: move a moved file back where it came from, else delete it."""
    try:
        if back_to is not None and not back_to.exists():
            os.replace(storage.path(name), back_to)
        else:
            storage.delete(name)
    except (OSError, NotImplementedError):
        logger.exception("could not remove %s after a failed ingest", name)
