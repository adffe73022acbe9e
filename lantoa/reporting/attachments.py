"""Files attached to unit reports: accepted by their content (PDF, office documents, JPEG and
PNG pictures), not by their name, and kept in private storage."""

import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError


def max_bytes() -> int:
    return getattr(settings, "REPORTING_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)


OFFICE_PARTS = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}
OPENDOCUMENT = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
EXTENSIONS = {
    "pdf": {"pdf"},
    "docx": {"docx"},
    "xlsx": {"xlsx"},
    "pptx": {"pptx"},
    "odt": {"odt"},
    "ods": {"ods"},
    "odp": {"odp"},
    "jpeg": {"jpg", "jpeg"},
    "png": {"png"},
}


def _refuse_kind():
    return ValidationError(
        _(
            "Attach a PDF, Word, Excel, PowerPoint or OpenDocument file, or a JPEG or PNG "
            "picture; this file is none of these."
        ),
        code="file_type",
    )


def _zip_kind(uploaded) -> str | None:
    try:
        with zipfile.ZipFile(uploaded) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                return OPENDOCUMENT.get(archive.read("mimetype").strip())
            if "[Content_Types].xml" in names:
                for prefix, kind in OFFICE_PARTS.items():
                    if any(name.startswith(prefix) for name in names):
                        return kind
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def _image_kind(uploaded) -> str | None:
    try:
        with Image.open(uploaded) as picture:
            kind = (picture.format or "").lower()
            picture.verify()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        return None
    return kind if kind in ("jpeg", "png") else None


def attachment_kind(uploaded) -> str:
    """The kind of file by its content: pdf, docx, xlsx, pptx, odt, ods, odp, jpeg or png."""
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    kind = None
    if head.startswith(b"%PDF-"):
        kind = "pdf"
    elif head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(uploaded)
    elif head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")):
        kind = _image_kind(uploaded)
    uploaded.seek(0)
    if kind is None:
        raise _refuse_kind()
    return kind


def attachment_check(uploaded):
    """The uploaded file if it may be attached; else a ValidationError saying why."""
    limit = max_bytes()
    if uploaded.size > limit:
        raise ValidationError(
            _("The file is %(size)s; attachments may be at most %(limit)s.")
            % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
            code="file_size",
        )
    kind = attachment_kind(uploaded)
    extension = Path(uploaded.name).suffix.lower().lstrip(".")
    if extension not in EXTENSIONS[kind]:
        raise ValidationError(
            _("The file's name ends in “.%(extension)s” but it is a %(kind)s file: rename it.")
            % {"extension": extension, "kind": kind.upper()},
            code="file_extension",
        )
    return uploaded
