"""Metadata that cameras and photo software write into image files, read on upload and with
the location taken out before the file is stored.

Read: the caption, title, creator, copyright and date taken from XMP (what Lightroom, Bridge
and phones write, in Unicode), then IPTC (older newsroom software), then EXIF. Vietnamese text
in EXIF is usually UTF-8 although EXIF says ASCII, and Windows writes its own UTF-16 tags; both
are read.

Location: the stored original is a public file (Wagtail serves it), so it must not tell where a
photo was taken. `image_location_strip` edits a copy of the file in place, keeping its size
and every other byte: the EXIF GPS directory is emptied (its entries and values zeroed); XMP
loses its GPS and location properties (the packet is padded with spaces to its old length, as
XMP allows); a PNG text chunk whose XMP is compressed, or an extended XMP segment of a JPEG,
that mentions a location is blanked whole. Pixels are never re-encoded. IPTC's city and country
fields are place names written by people, not coordinates, and are kept. GIF files carry no
EXIF and are left alone.
"""

import datetime
import re
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from defusedxml import ElementTree
from django.utils import timezone
from PIL import Image, IptcImagePlugin

from lantoa.core.text import nfc

GPS_IFD = 0x8825
EXIF_IFD = 0x8769
_EXIF_DESCRIPTION = 0x010E
_EXIF_ARTIST = 0x013B
_EXIF_COPYRIGHT = 0x8298
_EXIF_DATE_TAKEN = (0x9003, 0x9004)  # DateTimeOriginal, DateTimeDigitized
_XP_TITLE, _XP_COMMENT, _XP_AUTHOR = 0x9C9B, 0x9C9C, 0x9C9D

_NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "exif": "http://ns.adobe.com/exif/1.0/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
}
# XMP properties that tell where a photo was taken.
_XMP_LOCATION_NAME = (
    r"(?:exif:GPS\w*|Iptc4xmpCore:Location|Iptc4xmpExt:Location\w*|photoshop:City"
    r"|photoshop:State|photoshop:Country|Iptc4xmpCore:CountryCode)"
)
_XMP_LOCATION_ELEMENT = re.compile(
    rb"<(" + _XMP_LOCATION_NAME.encode() + rb")\b[^>]*?(?:/>|>.*?</\1\s*>)", re.DOTALL
)
_XMP_LOCATION_ATTRIBUTE = re.compile(rb"\s" + _XMP_LOCATION_NAME.encode() + rb'\s*=\s*"[^"]*"')
_XMP_MENTIONS_LOCATION = re.compile(
    rb"GPS(?:Latitude|Longitude|Altitude)|LocationCreated|LocationShown"
)
_EMPTY_XMP = (
    b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"/>'
)
_XMP_END = b'<?xpacket end="w"?>'
_JPEG_EXIF = b"Exif\x00\x00"
_JPEG_XMP = b"http://ns.adobe.com/xap/1.0/\x00"
_JPEG_XMP_EXTENSION = b"http://ns.adobe.com/xmp/extension/\x00"
# Bytes per value of each TIFF field type.
_TIFF_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8}


@dataclass
class EmbeddedMetadata:
    title: str = ""
    caption: str = ""
    creator: str = ""
    copyright: str = ""
    taken_on: datetime.date | None = None
    has_location: bool = False


# --- reading --------------------------------------------------------------------------------


def _clean(value) -> str:
    if isinstance(value, list | tuple):
        value = "; ".join(_clean(item) for item in value if _clean(item))
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            value = value.decode("cp1252", "replace")
    value = "".join(char if char.isprintable() else " " for char in str(value or ""))
    return nfc(" ".join(value.split()))


def _exif_text(value) -> str:
    """EXIF "ASCII" as Pillow reads it (bytes decoded as Latin-1): UTF-8 in practice."""
    if isinstance(value, str):
        try:
            value = value.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return _clean(value)


def _xp_text(value) -> str:
    """Windows' XP* tags: UTF-16LE bytes."""
    if isinstance(value, tuple):
        value = bytes(value)
    if not isinstance(value, bytes):
        return ""
    return _clean(value.decode("utf-16-le", "replace"))


def _date(value: str) -> datetime.date | None:
    digits = re.match(r"\s*(\d{4})[-:]?(\d{2})[-:]?(\d{2})", value or "")
    if not digits:
        return None
    try:
        day = datetime.date(*(int(part) for part in digits.groups()))
    except ValueError:
        return None
    if day.year < 1826 or day > timezone.localdate() + datetime.timedelta(days=1):
        return None
    return day


def _xmp_values(root, namespace: str, name: str) -> list[str]:
    """A property's values: rdf:li items, element text or a Description attribute."""
    tag = f"{{{_NS[namespace]}}}{name}"
    values = []
    for element in root.iter(tag):
        items = [item.text for item in element.iter(f"{{{_NS['rdf']}}}li") if item.text]
        values += items or ([element.text] if element.text and element.text.strip() else [])
    for description in root.iter(f"{{{_NS['rdf']}}}Description"):
        if tag in description.attrib:
            values.append(description.attrib[tag])
    return [_clean(value) for value in values if _clean(value)]


def _read_xmp(packet: bytes, found: EmbeddedMetadata) -> None:
    if _XMP_MENTIONS_LOCATION.search(packet):
        found.has_location = True
    try:
        root = ElementTree.fromstring(packet.strip(b"\x00 \r\n\t"))
    except Exception:  # noqa: BLE001 (defusedxml refuses entities, others are just broken)
        return
    found.title = found.title or next(iter(_xmp_values(root, "dc", "title")), "")
    found.caption = found.caption or next(iter(_xmp_values(root, "dc", "description")), "")
    found.creator = found.creator or "; ".join(_xmp_values(root, "dc", "creator"))
    found.copyright = found.copyright or next(iter(_xmp_values(root, "dc", "rights")), "")
    for namespace, name in (
        ("photoshop", "DateCreated"),
        ("exif", "DateTimeOriginal"),
        ("xmp", "CreateDate"),
    ):
        for value in _xmp_values(root, namespace, name):
            found.taken_on = found.taken_on or _date(value)


def _read_iptc(image: Image.Image, found: EmbeddedMetadata) -> None:
    try:
        info = IptcImagePlugin.getiptcinfo(image) or {}
    except Exception:  # noqa: BLE001 (broken IPTC is ignored, never fatal)
        return
    found.title = found.title or _clean(info.get((2, 5)))
    found.caption = found.caption or _clean(info.get((2, 120)))
    found.creator = found.creator or _clean(info.get((2, 80)))
    found.copyright = found.copyright or _clean(info.get((2, 116)))
    found.taken_on = found.taken_on or _date(_clean(info.get((2, 55))))


def _read_exif(image: Image.Image, found: EmbeddedMetadata) -> None:
    try:
        exif = image.getexif()
        gps = exif.get_ifd(GPS_IFD)
        details = exif.get_ifd(EXIF_IFD)
    except Exception:  # noqa: BLE001
        return
    if any(tag in gps for tag in (1, 2, 3, 4)):
        found.has_location = True
    found.title = found.title or _xp_text(exif.get(_XP_TITLE))
    found.caption = (
        found.caption or _exif_text(exif.get(_EXIF_DESCRIPTION)) or _xp_text(exif.get(_XP_COMMENT))
    )
    found.creator = (
        found.creator or _exif_text(exif.get(_EXIF_ARTIST)) or _xp_text(exif.get(_XP_AUTHOR))
    )
    found.copyright = found.copyright or _exif_text(exif.get(_EXIF_COPYRIGHT))
    for tag in _EXIF_DATE_TAKEN:
        found.taken_on = found.taken_on or _date(_exif_text(details.get(tag)))


def embedded_metadata_read(image: Image.Image) -> EmbeddedMetadata:
    """What the file says about itself (an opened, not yet decoded Pillow image)."""
    found = EmbeddedMetadata()
    xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp")
    if isinstance(xmp, str):
        xmp = xmp.encode("utf-8")
    if xmp:
        _read_xmp(xmp, found)
    _read_iptc(image, found)
    _read_exif(image, found)
    return found


# --- removing the location ---------------------------------------------------------------------


def _tiff_without_gps(tiff: bytearray) -> bool:
    """Empty the GPS directory of a TIFF/EXIF block in place; True if there was one."""
    if tiff[:4] == b"II*\x00":
        order = "<"
    elif tiff[:4] == b"MM\x00*":
        order = ">"
    else:
        raise ValueError("not a TIFF header")

    def u16(at):
        return struct.unpack_from(order + "H", tiff, at)[0]

    def u32(at):
        return struct.unpack_from(order + "I", tiff, at)[0]

    ifd0 = u32(4)
    gps_offset = None
    for index in range(u16(ifd0)):
        entry = ifd0 + 2 + 12 * index
        if u16(entry) == GPS_IFD:
            gps_offset = u32(entry + 8)
    if gps_offset is None:
        return False
    count = u16(gps_offset)
    table_end = gps_offset + 2 + 12 * count
    if table_end > len(tiff):
        raise ValueError("GPS directory runs past the block")
    for index in range(count):
        entry = gps_offset + 2 + 12 * index
        size = _TIFF_TYPE_SIZES.get(u16(entry + 2), 1) * u32(entry + 4)
        if size > 4:
            start = u32(entry + 8)
            tiff[start : min(start + size, len(tiff))] = bytes(min(size, len(tiff) - start))
    tiff[gps_offset:table_end] = bytes(table_end - gps_offset)
    return count > 0


def _exif_block_clean(block: bytearray) -> bool:
    """Remove GPS from an EXIF block (with or without the "Exif\\0\\0" prefix), in place. A
    block that cannot be parsed is zeroed whole: it could hold a location nobody can read."""
    start = len(_JPEG_EXIF) if block.startswith(_JPEG_EXIF) else 0
    tiff = block[start:]
    try:
        changed = _tiff_without_gps(tiff)
    except (ValueError, struct.error, IndexError):
        block[start:] = bytes(len(block) - start)
        return True
    block[start:] = tiff
    return changed


def _xmp_packet_clean(packet: bytes) -> bytes | None:
    """The packet without location properties, padded to its old length; None if unchanged."""
    if not _XMP_MENTIONS_LOCATION.search(packet) and not _XMP_LOCATION_ELEMENT.search(packet):
        return None
    cleaned = _XMP_LOCATION_ELEMENT.sub(b"", packet)
    cleaned = _XMP_LOCATION_ATTRIBUTE.sub(b"", cleaned)
    if _XMP_MENTIONS_LOCATION.search(cleaned) or len(cleaned) > len(packet):
        cleaned = _EMPTY_XMP + _XMP_END  # under an unexpected prefix: drop it all
    if cleaned.endswith(_XMP_END):
        body = cleaned[: -len(_XMP_END)]
        return body + b" " * (len(packet) - len(cleaned)) + _XMP_END
    return cleaned + b" " * (len(packet) - len(cleaned))


def _jpeg_strip(file) -> bool:
    changed = False
    if file.read(2) != b"\xff\xd8":
        raise ValueError("not a JPEG")
    while True:
        marker = file.read(2)
        if len(marker) < 2 or marker[0] != 0xFF:
            return changed
        if marker[1] in (0xD9, 0xDA):  # end of image, start of scan: no metadata after
            return changed
        if 0xD0 <= marker[1] <= 0xD7 or marker[1] == 0x01:
            continue
        (length,) = struct.unpack(">H", file.read(2))
        start = file.tell()
        if marker[1] == 0xE1:
            segment = bytearray(file.read(length - 2))
            new = None
            if segment.startswith(_JPEG_EXIF):
                if _exif_block_clean(segment):
                    new = segment
            elif segment.startswith(_JPEG_XMP):
                packet = _xmp_packet_clean(bytes(segment[len(_JPEG_XMP) :]))
                if packet is not None:
                    new = segment[: len(_JPEG_XMP)] + packet
            elif segment.startswith(_JPEG_XMP_EXTENSION) and _XMP_MENTIONS_LOCATION.search(segment):
                new = segment[: len(_JPEG_XMP_EXTENSION)] + b" " * (
                    len(segment) - len(_JPEG_XMP_EXTENSION)
                )
            if new is not None:
                file.seek(start)
                file.write(new)
                changed = True
        file.seek(start + length - 2)


def _png_text(kind: bytes, data: bytes) -> tuple[bytes, int | None, int]:
    """A PNG text chunk's keyword, where its text starts when stored uncompressed (else
    None), and where the text's bytes start."""
    keyword, _, rest = data.partition(b"\x00")
    at = len(keyword) + 1
    if kind == b"tEXt":
        return keyword, at, at
    if kind == b"zTXt":
        return keyword, None, at + 1
    compressed = rest[:1] == b"\x01"
    at += 2  # compression flag and method
    at = data.index(b"\x00", at) + 1  # language tag
    at = data.index(b"\x00", at) + 1  # translated keyword
    return keyword, None if compressed else at, at


def _png_strip(file) -> bool:
    changed = False
    if file.read(8) != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    while True:
        header = file.read(8)
        if len(header) < 8:
            return changed
        length, kind = struct.unpack(">I4s", header)
        start = file.tell()
        if kind == b"IEND":
            return changed
        new_kind, new_data = kind, None
        if kind == b"eXIf":
            data = bytearray(file.read(length))
            if _exif_block_clean(data):
                new_data = data
        elif kind in (b"iTXt", b"tEXt", b"zTXt"):
            data = file.read(length)
            keyword, plain_at, text_at = _png_text(kind, data)
            if keyword in (b"XML:com.adobe.xmp", b"Raw profile type exif", b"Raw profile type xmp"):
                if plain_at is not None and keyword == b"XML:com.adobe.xmp":
                    packet = _xmp_packet_clean(data[plain_at:])
                    if packet is not None:
                        new_data = data[:plain_at] + packet
                else:
                    text = data[text_at:] if plain_at is not None else _inflate(data[text_at:])
                    if text is None or b"GPS" in text or b"Location" in text:
                        # Compressed or foreign-format metadata that tells a location: blank
                        # it and mark it as a private chunk, which every reader skips.
                        new_kind, new_data = b"blNk", bytes(length)
        if new_data is not None:
            file.seek(start - 4)
            file.write(new_kind)
            file.write(new_data)
            file.write(struct.pack(">I", zlib.crc32(new_kind + bytes(new_data))))
            changed = True
        file.seek(start + length + 4)  # past the data and its CRC


def _inflate(data: bytes) -> bytes | None:
    try:
        return zlib.decompressobj().decompress(data, 16 * 1024 * 1024)
    except zlib.error:
        return None


def _webp_strip(file) -> bool:
    changed = False
    header = file.read(12)
    if header[:4] != b"RIFF" or header[8:12] != b"WEBP":
        raise ValueError("not a WebP")
    while True:
        chunk = file.read(8)
        if len(chunk) < 8:
            return changed
        kind, length = struct.unpack("<4sI", chunk)
        start = file.tell()
        new = None
        if kind == b"EXIF":
            data = bytearray(file.read(length))
            if _exif_block_clean(data):
                new = data
        elif kind == b"XMP ":
            new = _xmp_packet_clean(file.read(length))
        if new is not None:
            file.seek(start)
            file.write(new)
            changed = True
        file.seek(start + length + (length & 1))


_STRIPPERS = {"JPEG": _jpeg_strip, "PNG": _png_strip, "WEBP": _webp_strip}


def image_location_strip(path: Path, image_format: str) -> bool:
    """Remove location metadata from the image file at `path` (a copy: it is edited in
    place). Returns whether anything was removed. Raises ValueError for a damaged file."""
    stripper = _STRIPPERS.get(image_format)
    if stripper is None:
        return False
    with open(path, "r+b") as file:
        try:
            return stripper(file)
        except struct.error as error:
            raise ValueError("damaged metadata") from error


def image_location_remaining(path: Path) -> bool:
    """Whether the file still tells where it was taken (a check after stripping)."""
    with Image.open(path) as image:
        return embedded_metadata_read(image).has_location
