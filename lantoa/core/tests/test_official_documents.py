"""Official documents: the .docx read back with python-docx, and the PDF LibreOffice makes of it
read back with poppler (pdftotext, pdffonts).

LibreOffice is not optional here: `make test` installs it, and a missing soffice must fail the
run rather than skip the checks that matter most (what the printed page shows).
"""

import datetime
import io
import re
import shutil
import subprocess
from decimal import Decimal
from unittest import mock

import docx
import pytest
from django.utils import translation
from docx.oxml.ns import qn
from docx.shared import Cm
from pypdf import PdfReader

from lantoa.core.formatting import document_reference
from lantoa.core.official_documents import (
    BulletList,
    DocumentConversionFailed,
    Heading,
    OfficialDocument,
    PageBreak,
    Paragraph,
    Run,
    Signature,
    Table,
    docx_to_pdf,
    render_docx,
    render_pdf,
)
from lantoa.core.official_documents import pdf as pdf_module

SUMMARY = "Kết quả thực hiện Kế hoạch 2725/KH-SKHCN 6 tháng cuối năm 2026"

FIGURES = Table(
    caption="Bảng 1. Kết quả thực hiện các chỉ tiêu",
    columns=["TT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện", "Tỷ lệ (%)"],
    rows=[
        [1, "Tin, bài đăng trên Cổng thông tin điện tử", "tin, bài", 1200, 1234, Decimal("102.8")],
        [2, "Lượt người tiếp cận thông tin khoa học", "lượt", 150000, 163421, Decimal("108.9")],
        [3, "Hội nghị, hội thảo chuyên đề", "cuộc", 12, 9, Decimal("75")],
        [4, "Video, phóng sự về đổi mới sáng tạo", "sản phẩm", 24, 27, Decimal("112.5")],
        ["", "Tổng cộng", "", None, None, None],
    ],
    widths=[1.0, 6.4, 2.2, 2.3, 2.3, 2.3],
    align=["center", "left", "center", "right", "right", "right"],
    bold_rows=[4],
)

PROSE = (
    "Thực hiện Kế hoạch số 2725/KH-SKHCN của Sở Khoa học và Công nghệ về truyền thông khoa học, "
    "công nghệ và đổi mới sáng tạo, các đơn vị đã chủ động xây dựng chương trình, phối hợp với "
    "cơ quan báo chí, đài phát thanh và hệ thống thông tin cơ sở tổ chức tuyên truyền sâu rộng "
    "đến người dân; những kết quả nổi bật được ghi nhận ở các xã miền núi, hải đảo, nơi thông "
    "tin về ứng dụng tiến bộ kỹ thuật trong sản xuất được người dân đón nhận tích cực."
)


def report(**changes) -> OfficialDocument:
    fields = {
        "superior_body": "UBND TỈNH QUẢNG NGÃI",
        "issuer": "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "reference": document_reference(5, "BC-SKHCN"),
        "place": "Quảng Ngãi",
        "issued_on": datetime.date(2026, 12, 5),
        "document_type": "BÁO CÁO",
        "summary": SUMMARY,
        "body": [
            Paragraph(PROSE),
            Heading("I. KẾT QUẢ THỰC HIỆN"),
            Heading("1. Công tác tuyên truyền trên báo chí", level=2),
            Paragraph(
                [
                    "Trong kỳ báo cáo, toàn tỉnh đăng ",
                    Run("1.234 tin, bài", bold=True),
                    " về khoa học, công nghệ; lượng người đọc tăng ",
                    Run("12,5%", italic=True),
                    " so với cùng kỳ. Người dân vùng sâu tiếp cận thông tin nhanh hơn trước.",
                ]
            ),
            BulletList(
                [
                    "Tổ chức 9 hội nghị, hội thảo chuyên đề về chuyển đổi số;",
                    "Xây dựng 27 video, phóng sự về đổi mới sáng tạo;",
                    "- Cập nhật cơ sở dữ liệu khoa học và công nghệ của tỉnh.",
                ]
            ),
            FIGURES,
            Heading("2. Ứng dụng tiến bộ khoa học vào sản xuất", level=2),
            Heading("a) Lĩnh vực nông nghiệp", level=3),
            *[Paragraph(PROSE) for _ in range(5)],
            Heading("II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"),
            *[Paragraph(PROSE) for _ in range(3)],
            Heading("III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027"),
            BulletList(["Tiếp tục đẩy mạnh truyền thông trên nền tảng số;"] * 3),
        ],
        "signature": Signature(authority="KT. GIÁM ĐỐC", title="PHÓ GIÁM ĐỐC", name="Nguyễn Văn A"),
        "recipients": [
            "UBND tỉnh (b/c);",
            "Bộ Khoa học và Công nghệ (b/c);",
            "Giám đốc, các PGĐ Sở;",
            "- Lưu: VT, QLKH.",
        ],
        "annex": [
            Table(
                columns=["TT", "Đơn vị", "Tin, bài", "Video", "Hội nghị", "Lượt tiếp cận"],
                rows=[
                    [1, "Xã Trà Bồng", 120, 4, 1, 15321],
                    [2, "Phường Cẩm Thành", 98, 3, 2, 9870],
                ],
                widths=[1.2, 9.0, 3.5, 3.5, 3.5, 4.5],
                align=["center", "left", "center", "center", "center", "center"],
            )
        ],
        "annex_title": "SỐ LIỆU CHI TIẾT THEO ĐƠN VỊ",
        "annex_landscape": True,
    }
    fields.update(changes)
    return OfficialDocument(**fields)


def read_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def all_text(document) -> str:
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return "\n".join(parts)


def run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603


# -- The .docx ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def docx_bytes():
    return render_docx(report())


def test_docx_is_a4_with_decree_30_margins(docx_bytes):
    body = read_docx(docx_bytes).sections[0]

    def mm(*lengths):
        # Word stores twentieths of a point: 210 mm comes back as 210.0004 mm.
        return tuple(round(length.mm, 1) for length in lengths)

    assert mm(body.page_width, body.page_height) == (210, 297)
    assert mm(body.top_margin, body.bottom_margin) == (20, 20)
    assert mm(body.left_margin, body.right_margin) == (30, 15)


def test_docx_names_times_new_roman_in_every_script_slot(docx_bytes):
    document = read_docx(docx_bytes)
    for name in ("Normal", "Body Text", "Heading 1", "Heading 2", "Heading 3", "Header"):
        fonts = document.styles[name].element.rPr.find(qn("w:rFonts"))
        for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            assert fonts.get(qn(slot)) == "Times New Roman", (name, slot)
        assert fonts.get(qn("w:asciiTheme")) is None
    defaults = document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rFonts"))
    assert defaults.get(qn("w:eastAsia")) == "Times New Roman"
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_docx_page_numbers_from_page_two(docx_bytes):
    section = read_docx(docx_bytes).sections[0]
    assert section.different_first_page_header_footer
    assert section.first_page_header.paragraphs[0].text == ""
    header = section.header._element
    assert "PAGE" in "".join(header.xpath(".//w:instrText/text()"))
    assert section.header.paragraphs[0].alignment == 1  # centred


def test_docx_body_paragraphs_are_justified_with_first_line_indent(docx_bytes):
    document = read_docx(docx_bytes)
    body = document.styles["Body Text"].paragraph_format
    assert body.first_line_indent == Cm(1.27)
    assert body.space_after.pt == 6
    assert body.alignment == 3  # justify
    prose = next(p for p in document.paragraphs if p.text.startswith("Thực hiện Kế hoạch"))
    assert prose.style.name == "Body Text"


def test_docx_carries_the_header_block_and_signature(docx_bytes):
    document = read_docx(docx_bytes)
    text = all_text(document)
    for expected in (
        "UBND TỈNH QUẢNG NGÃI",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 05/BC-SKHCN",
        "Quảng Ngãi, ngày 05 tháng 12 năm 2026",
        "BÁO CÁO",
        SUMMARY,
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Nguyễn Văn A",
        "Nơi nhận:",
        "- Lưu: VT, QLKH.",
        "- UBND tỉnh (b/c);",
        "- Tổ chức 9 hội nghị",
        "PHỤ LỤC",
        "(Kèm theo Báo cáo số 05/BC-SKHCN ngày 05/12/2026)",
    ):
        assert expected in text, expected
    assert "- - Cập nhật" not in text

    issuer_cell = document.tables[0].rows[0].cells[0]
    superior, issuer = issuer_cell.paragraphs[0], issuer_cell.paragraphs[1]
    assert not superior.runs[0].bold and issuer.runs[0].bold
    motto_cell = document.tables[0].rows[0].cells[1]
    assert all(paragraph.runs[0].bold for paragraph in motto_cell.paragraphs[:2])
    # Short rules: bottom borders under the issuer and the motto.
    for cell in (issuer_cell, motto_cell):
        assert cell._element.xpath(".//w:pBdr/w:bottom")
    place_date = document.tables[0].rows[1].cells[1].paragraphs[0]
    assert place_date.runs[0].italic


def test_docx_table_header_repeats_and_numbers_are_vietnamese(docx_bytes):
    document = read_docx(docx_bytes)
    figures = next(t for t in document.tables if t.rows[0].cells[0].text == "TT")
    assert figures.style.name == "Table Grid"
    assert figures.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    assert all(cell.paragraphs[0].runs[0].bold for cell in figures.rows[0].cells)
    first = [cell.text for cell in figures.rows[1].cells]
    assert first == ["1", "Tin, bài đăng trên Cổng thông tin điện tử", "tin, bài", "1.200",
                     "1.234", "102,8"]  # fmt: skip
    assert figures.rows[2].cells[4].text == "163.421"
    assert figures.rows[1].cells[4].paragraphs[0].alignment == 2  # right


def test_docx_annex_is_a_landscape_section(docx_bytes):
    sections = read_docx(docx_bytes).sections
    assert len(sections) == 2
    annex = sections[1]
    assert annex.page_width > annex.page_height
    assert not annex.different_first_page_header_footer
    assert annex.header.is_linked_to_previous


def test_docx_core_properties(docx_bytes):
    properties = read_docx(docx_bytes).core_properties
    assert properties.author == "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    assert properties.language == "vi-VN"
    assert properties.title == f"Báo cáo số 05/BC-SKHCN: {SUMMARY}"


def test_docx_draft_without_number_or_date():
    document = read_docx(
        render_docx(
            report(
                reference=document_reference(None, "BC-SKHCN"),
                issued_on=None,
                year=2026,
                draft=True,
                annex=None,
            )
        )
    )
    text = all_text(document)
    assert document.paragraphs[0].text == "DỰ THẢO"
    assert "Số:      /BC-SKHCN" in text
    assert "Quảng Ngãi, ngày     tháng     năm 2026" in text
    assert document.core_properties.title == f"Báo cáo: {SUMMARY}"
    assert len(document.sections) == 1


def test_docx_official_letter_puts_the_summary_under_the_number():
    document = read_docx(
        render_docx(
            report(
                document_type="",
                summary="đề nghị cung cấp số liệu truyền thông khoa học",
                reference=document_reference(12, "SKHCN-QLKH"),
                annex=None,
            )
        )
    )
    number_cell = document.tables[0].rows[1].cells[0]
    assert [p.text for p in number_cell.paragraphs] == [
        "Số: 12/SKHCN-QLKH",
        "V/v đề nghị cung cấp số liệu truyền thông khoa học",
    ]
    assert "BÁO CÁO" not in all_text(document)


def test_docx_text_is_stored_in_nfc():
    decomposed = "Nguye\u0302\u0303n Va\u0306n A"
    document = read_docx(
        render_docx(report(signature=Signature(title="GIÁM ĐỐC", name=decomposed), annex=None))
    )
    assert "Nguyễn Văn A" in all_text(document)


def test_blocks_validate_their_shape():
    with pytest.raises(ValueError):
        Heading("x", level=4)
    with pytest.raises(ValueError):
        Table(columns=["a", "b"], rows=[["only one"]])
    with pytest.raises(ValueError):
        Paragraph("x", align="middle")


# -- The PDF (one LibreOffice conversion for the module) ------------------------------------


@pytest.fixture(scope="module")
def pdf_file(tmp_path_factory):
    assert pdf_module.soffice_binary(), "LibreOffice (soffice) is required: make test installs it"
    path = tmp_path_factory.mktemp("official") / "report.pdf"
    path.write_bytes(render_pdf(report()))
    return path


def pdf_text(path, *, first=None, last=None) -> str:
    pages = []
    if first:
        pages += ["-f", str(first)]
    if last:
        pages += ["-l", str(last)]
    return run("pdftotext", "-layout", *pages, str(path), "-")


def test_pdf_shows_the_header_block_body_and_signature(pdf_file):
    text = pdf_text(pdf_file)
    squeezed = re.sub(r"\s+", " ", text)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND TỈNH QUẢNG NGÃI",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "Số: 05/BC-SKHCN",
        "Quảng Ngãi, ngày 05 tháng 12 năm 2026",
        "BÁO CÁO",
        "Kế hoạch 2725/KH-SKHCN",
        "1.234",
        "163.421",
        "102,8",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Nguyễn Văn A",
        "Nơi nhận:",
        "- Lưu: VT, QLKH.",
        "PHỤ LỤC",
        "Phường Cẩm Thành",
    ):
        assert expected in squeezed, expected
    # Vietnamese letters that need precomposed glyphs or stacked marks survive the conversion.
    for letters in ("ươ", "ữ", "ỹ", "ở", "ề", "ĐỐC"):
        assert letters in text, letters


def test_pdf_uses_liberation_serif_or_times_embedded(pdf_file):
    header, _rule, *listing = run("pdffonts", str(pdf_file)).splitlines()
    embedded = header.index("emb")
    assert listing
    for line in listing:
        name = line.split()[0]
        # Never a fallback such as DejaVu Sans: that would mean other widths, other breaks.
        assert re.search(r"LiberationSerif|TimesNewRoman|Times", name), line
        # Embedded (as subsets), so the PDF prints the same anywhere.
        assert line[embedded : embedded + 3] == "yes", line


def test_pdf_is_a4_numbered_from_page_two_with_a_landscape_annex(pdf_file):
    reader = PdfReader(pdf_file)
    assert len(reader.pages) > 2
    first = reader.pages[0].mediabox
    assert (round(float(first.width)), round(float(first.height))) == (595, 842)
    last = reader.pages[-1].mediabox
    assert float(last.width) > float(last.height)

    page_one_top = pdf_text(pdf_file, first=1, last=1).strip().splitlines()[0]
    assert "UBND TỈNH QUẢNG NGÃI" in page_one_top or "CỘNG HÒA" in page_one_top
    page_two_top = pdf_text(pdf_file, first=2, last=2).strip().splitlines()[0]
    assert page_two_top.strip() == "2"
    annex_top = pdf_text(pdf_file, first=len(reader.pages)).strip().splitlines()[0]
    assert annex_top.strip() == str(len(reader.pages))


# -- Conversion failures (no LibreOffice run needed) ---------------------------------------


def test_missing_soffice_raises_a_clear_error():
    with (
        mock.patch.object(shutil, "which", return_value=None),
        pytest.raises(DocumentConversionFailed) as failure,
    ):
        docx_to_pdf(b"not used")
    with translation.override("vi"):
        assert str(failure.value) == ("Máy chủ chưa cài đặt LibreOffice nên không thể tạo tệp PDF.")


def test_failed_conversion_raises(tmp_path):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    fake.chmod(0o755)
    with (
        mock.patch.object(pdf_module, "soffice_binary", return_value=str(fake)),
        pytest.raises(DocumentConversionFailed) as failure,
    ):
        docx_to_pdf(b"not a docx")
    assert "could not be loaded" in failure.value.detail


def test_slow_conversion_times_out(tmp_path, settings):
    settings.LANTOA_SOFFICE_TIMEOUT = 0.5
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 30\n")
    fake.chmod(0o755)
    with (
        mock.patch.object(pdf_module, "soffice_binary", return_value=str(fake)),
        translation.override("en"),
        pytest.raises(DocumentConversionFailed, match="within 0.5 seconds"),
    ):
        docx_to_pdf(b"irrelevant")


def test_page_break_starts_a_new_page():
    document = read_docx(
        render_docx(report(body=[Paragraph("Trang một."), PageBreak(), Paragraph("Trang hai.")]))
    )
    breaks = document.element.body.xpath(".//w:br[@w:type='page']")
    assert len(breaks) == 1
