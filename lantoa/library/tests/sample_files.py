"""Real (small) files for the upload pipeline's tests, made on the spot: photos with EXIF, XMP
and GPS, a PNG header claiming 50,000 × 50,000 pixels, programs under other names, an SVG with
script, a PDF with text, a DOCX, and video and audio made by ffmpeg."""

import io
import shutil
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest
from PIL import Image, ImageDraw

GPS_IFD, EXIF_IFD = 0x8825, 0x8769

XMP_WITH_LOCATION = (
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
    ' xmlns:exif="http://ns.adobe.com/exif/1.0/"'
    ' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"'
    ' exif:GPSLatitude="15,7.5N" photoshop:City="Quảng Ngãi" photoshop:DateCreated="2025-05-18">'
    '<dc:description><rdf:Alt><rdf:li xml:lang="x-default">Hội thảo chuyển đổi số tại Quảng Ngãi'
    "</rdf:li></rdf:Alt></dc:description>"
    "<dc:creator><rdf:Seq><rdf:li>Trần Thị Bích</rdf:li></rdf:Seq></dc:creator>"
    '<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">© Sở KH&amp;CN Quảng Ngãi</rdf:li>'
    "</rdf:Alt></dc:rights>"
    "<exif:GPSLongitude>108,48.0E</exif:GPSLongitude>"
    "</rdf:Description></rdf:RDF></x:xmpmeta>"
    '<?xpacket end="w"?>'
).encode()


def picture(size=(320, 240), seed=0) -> Image.Image:
    """A picture with shapes, so that its perceptual hash means something."""
    image = Image.new("RGB", size, (230, 230 - seed * 40 % 200, 200))
    draw = ImageDraw.Draw(image)
    width, height = size
    for step in range(6):
        box = (
            (step * 37 + seed * 53) % width,
            (step * 23 + seed * 31) % height,
            (step * 37 + seed * 53) % width + width // 4,
            (step * 23 + seed * 31) % height + height // 5,
        )
        draw.ellipse(box, fill=((step * 40 + seed * 70) % 255, 60 + step * 30, 120))
    draw.rectangle((0, height - 30, width // (2 + seed % 3), height), fill=(20, 40, 120))
    return image


def jpeg_bytes(image: Image.Image | None = None, *, quality=90, **save_options) -> bytes:
    buffer = io.BytesIO()
    (image or picture()).save(buffer, "JPEG", quality=quality, **save_options)
    return buffer.getvalue()


def png_bytes(image: Image.Image | None = None) -> bytes:
    buffer = io.BytesIO()
    (image or picture()).save(buffer, "PNG")
    return buffer.getvalue()


def exif_with_location() -> Image.Exif:
    """EXIF as a phone writes it: caption, artist, copyright (UTF-8), date taken, GPS."""
    exif = Image.Exif()
    exif[0x010E] = "Ảnh EXIF: hội nghị".encode()
    exif[0x013B] = "Nguyễn Văn An".encode()
    exif[0x8298] = "© Nguyễn Văn An".encode()
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (15.0, 7.0, 30.5), 3: "E", 4: (108.0, 48.0, 0.0)})
    exif.get_ifd(EXIF_IFD)[0x9003] = "2025:05:18 09:30:00"
    return exif


def jpeg_with_location() -> bytes:
    return jpeg_bytes(exif=exif_with_location(), xmp=XMP_WITH_LOCATION)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims width × height pixels and holds almost nothing: signature, IHDR, one
    empty compressed row, IEND (a decompression bomb as its header presents it)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _png_chunk(b"IEND", b"")
    )


ELF_PROGRAM = b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00\x3e\x00" + bytes(200)
PE_PROGRAM = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + bytes(44)
    + struct.pack("<I", 64)
    + b"PE\x00\x00"
    + bytes(200)
)
SVG_WITH_SCRIPT = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)


def pdf_bytes(pages: list[str]) -> bytes:
    """A PDF with one line of (ASCII) text per page in Helvetica."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None, b"<< /Type /Font /Subtype /Type1 "
               b"/BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]  # fmt: skip
    page_ids = []
    for text in pages:
        stream = f"BT /F1 18 Tf 40 700 Td ({text}) Tj ET".encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content_id = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
            b"<< /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content_id
        )
        page_ids.append(len(objects))
    kids = b" ".join(b"%d 0 R" % number for number in page_ids)
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))
    output = io.BytesIO()
    output.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(output.tell())
        output.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = output.tell()
    output.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        output.write(b"%010d 00000 n \n" % offset)
    output.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return output.getvalue()


def docx_bytes(paragraphs: list[str], *, with_macro: bool = False) -> bytes:
    """A minimal Word document (what python-docx or Word would need to open it)."""
    namespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        archive.writestr(
            "word/document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{namespace}">'
            f"<w:body>{body}</w:body></w:document>",
        )
        if with_macro:
            archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Chỉ tiêu", "Giá trị"])
    sheet.append(["Số tin bài & ảnh", 12])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ffmpeg(*args: str) -> None:
    subprocess.run(  # noqa: S603
        [shutil.which("ffmpeg") or "ffmpeg", "-nostdin", "-v", "error", "-y", *args],
        check=True,
        timeout=60,
    )


needs_ffmpeg = pytest.mark.skipif(
    shutil.which("ffmpeg") is None, reason="ffmpeg is missing: run scripts/ensure-debian-packages"
)


def make_video(target: Path, *, seconds: int = 2, faststart: bool = False) -> Path:
    """A real MP4 (H.264 test pattern and a tone) made by ffmpeg."""
    ffmpeg(
        "-f", "lavfi", "-i", f"testsrc=duration={seconds}:size=160x120:rate=10",
        "-f", "lavfi", "-i", f"sine=duration={seconds}",
        "-shortest", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac",
        *(["-movflags", "+faststart"] if faststart else []),
        str(target),
    )  # fmt: skip
    return target


def make_audio(target: Path, *, seconds: int = 2) -> Path:
    ffmpeg("-f", "lavfi", "-i", f"sine=duration={seconds}", str(target))
    return target


def cut(source: Path, target: Path, *, keep: float = 0.6) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: int(len(data) * keep)])
    return target


def wav_header(data_bytes: int, *, rate: int = 44100, channels: int = 2) -> bytes:
    """The 44-byte header of a 16-bit PCM WAV file holding `data_bytes` of samples."""
    return (
        b"RIFF"
        + struct.pack("<I", 36 + data_bytes)
        + b"WAVEfmt "
        + struct.pack("<IHHIIHH", 16, 1, channels, rate, rate * channels * 2, channels * 2, 16)
        + b"data"
        + struct.pack("<I", data_bytes)
    )
