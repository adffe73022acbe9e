"""Render an `OfficialDocument` as a Word (.docx) file in the Decree 30/2020 layout.

Choices that matter when the file is opened or converted elsewhere:

- Every style names Times New Roman for all four script slots (ascii, hAnsi, cs, eastAsia) and
  no theme font: LibreOffice on a server without Times then substitutes the metric-compatible
  Liberation Serif (fonts-liberation2, which carries the Vietnamese letters) instead of falling
  back to a font with other widths, so lines and pages break as in Word.
- The short rules under the issuer, the motto and the summary are bottom borders of small empty
  paragraphs indented to the rule's width. Word and LibreOffice both draw paragraph borders
  between the indents; drawing shapes would need DrawingML/VML that converters render unevenly.
- The header block and the signature block are borderless two-column tables, the way the
  government's own templates position them.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Mm, Pt, RGBColor

from lantoa.core import formatting
from lantoa.core.text import nfc

from .model import (
    NATIONAL_MOTTO,
    NATIONAL_NAME,
    BulletList,
    Heading,
    OfficialDocument,
    PageBreak,
    Paragraph,
    Run,
    Table,
)

FONT = "Times New Roman"
LANGUAGE = "vi-VN"

# Decree 30/2020, Appendix I: A4; margins top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
PAGE_WIDTH = Mm(210)
PAGE_HEIGHT = Mm(297)
MARGIN_TOP = Mm(20)
MARGIN_BOTTOM = Mm(20)
MARGIN_LEFT = Mm(30)
MARGIN_RIGHT = Mm(15)
HEADER_DISTANCE = Mm(10)

BODY_SIZE = Pt(14)
FIRST_LINE_INDENT = Cm(1.27)
PARAGRAPH_AFTER = Pt(6)
LINE_SPACING = 1.15

# The header block: the issuer's column is narrower than the motto's, whose first line
# (12 pt bold capitals) needs about 8.8 cm.
LEFT_COLUMN = Cm(7.0)
RIGHT_COLUMN = Cm(9.5)
CELL_PADDING = Cm(0.19)  # Word's default left and right cell margin, each side
MOTTO_RULE = Cm(5.6)  # the width of "Độc lập - Tự do - Hạnh phúc" in 13 pt bold

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def render_docx(doc: OfficialDocument) -> bytes:
    """The document as the bytes of a .docx file."""
    document = Document()
    _set_up_styles(document)
    _set_properties(document, doc)

    section = document.sections[0]
    _set_up_page(section, landscape=False)
    _page_numbers_from_page_two(section)

    if doc.draft:
        _draft_mark(document, _text_width(section))
    _header_block(document, doc)
    if doc.document_type:
        _title_block(document, doc)
    else:
        _spacer(document, Pt(12))
    _blocks(document, doc.body, _text_width(section))
    _signature_block(document, doc)

    if doc.annex:
        _annex(document, doc)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# -- Page and styles ------------------------------------------------------------------------


def _set_up_page(section, *, landscape: bool) -> None:
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = PAGE_HEIGHT, PAGE_WIDTH
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin = MARGIN_TOP
    section.bottom_margin = MARGIN_BOTTOM
    section.left_margin = MARGIN_LEFT
    section.right_margin = MARGIN_RIGHT
    section.header_distance = HEADER_DISTANCE
    section.footer_distance = HEADER_DISTANCE


def _text_width(section) -> Length:
    return Length(section.page_width - section.left_margin - section.right_margin)


def _set_fonts(element) -> None:
    """Times New Roman in every script slot of a style's or run's properties, no theme font."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)


def _set_up_styles(document) -> None:
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = run_defaults.find(qn("w:rFonts"))
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)
    for size_tag in ("w:sz", "w:szCs"):
        run_defaults.find(qn(size_tag)).set(qn("w:val"), str(int(BODY_SIZE.pt * 2)))
    language = run_defaults.find(qn("w:lang"))
    language.set(qn("w:val"), LANGUAGE)
    language.set(qn("w:eastAsia"), LANGUAGE)
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")

    # Styles of the template that name theme fonts (headings, titles) get Times too.
    for style in document.styles:
        if style.element.rPr is not None and style.element.rPr.find(qn("w:rFonts")) is not None:
            _set_fonts(style.element)

    normal = document.styles["Normal"]
    _set_fonts(normal.element)
    normal.font.size = BODY_SIZE
    normal.font.color.rgb = RGBColor(0, 0, 0)

    body = document.styles["Body Text"]
    _set_fonts(body.element)
    body.font.size = BODY_SIZE
    body_format = body.paragraph_format
    body_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body_format.first_line_indent = FIRST_LINE_INDENT
    body_format.space_before = Pt(0)
    body_format.space_after = PARAGRAPH_AFTER
    body_format.line_spacing = LINE_SPACING
    body_format.widow_control = True

    for level in (1, 2, 3):
        heading = document.styles[f"Heading {level}"]
        _set_fonts(heading.element)
        heading.font.size = BODY_SIZE
        heading.font.bold = True
        heading.font.italic = level == 3
        heading.font.color.rgb = RGBColor(0, 0, 0)
        heading_format = heading.paragraph_format
        heading_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        heading_format.first_line_indent = FIRST_LINE_INDENT
        heading_format.left_indent = Cm(0)
        heading_format.space_before = Pt(6)
        heading_format.space_after = PARAGRAPH_AFTER
        heading_format.line_spacing = LINE_SPACING
        heading_format.keep_with_next = True

    for name in ("Header", "Footer"):
        _set_fonts(document.styles[name].element)
        document.styles[name].font.size = BODY_SIZE


def _set_properties(document, doc: OfficialDocument) -> None:
    properties = document.core_properties
    properties.title = nfc(doc.title)
    properties.subject = nfc(doc.summary)
    properties.author = nfc(doc.issuer)
    properties.last_modified_by = nfc(doc.issuer)
    properties.language = LANGUAGE
    properties.keywords = ""
    properties.comments = ""
    properties.category = nfc(doc.document_type)
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0, tzinfo=None)
    properties.created = now
    properties.modified = now
    properties.revision = 1


def _page_numbers_from_page_two(section) -> None:
    """Page numbers centred in the top margin, none on the first page (Decree 30)."""
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(paragraph, "PAGE", placeholder="2")


def _field(paragraph, instruction: str, *, placeholder: str) -> None:
    """A field Word and LibreOffice compute when laying out (the placeholder shows until then)."""

    def run_with(child):
        run = paragraph.add_run()
        run._r.append(child)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    run_with(code)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    paragraph.add_run(placeholder)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


# -- Paragraph helpers ----------------------------------------------------------------------


def _add_run(paragraph, text: str, *, size=None, bold=None, italic=None, underline=None):
    run = paragraph.add_run(nfc(text))
    if size is not None:
        run.font.size = size if isinstance(size, Length) else Pt(size)
    if bold is not None:
        run.font.bold = bold
    if italic is not None:
        run.font.italic = italic
    if underline is not None:
        run.font.underline = underline
    return run


def _centred(container, text: str, *, size, bold=False, italic=False, first=False):
    paragraph = container.paragraphs[0] if first else container.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Cm(0)
    _add_run(paragraph, text, size=size, bold=bold, italic=italic)
    return paragraph


def _mark_size(paragraph, points: float) -> None:
    """The size of an empty paragraph's mark, which sets the empty paragraph's height."""
    ppr = paragraph._p.get_or_add_pPr()
    rpr = OxmlElement("w:rPr")
    for tag in ("w:sz", "w:szCs"):
        size = OxmlElement(tag)
        size.set(qn("w:val"), str(round(points * 2)))
        rpr.append(size)
    section_break = ppr.find(qn("w:sectPr"))
    if section_break is not None:
        section_break.addprevious(rpr)
    else:
        ppr.append(rpr)


def _border(paragraph, *sides: str, size_eighths: int = 6, space: int = 1) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side in sides:
        border = OxmlElement(f"w:{side}")
        border.set(qn("w:val"), "single")
        border.set(qn("w:sz"), str(size_eighths))
        border.set(qn("w:space"), str(space))
        border.set(qn("w:color"), "000000")
        borders.append(border)
    # pBdr must come before spacing, indentation and alignment in w:pPr.
    anchor = None
    for tag in ("w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr"):
        anchor = ppr.find(qn(tag))
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        ppr.append(borders)


def _rule(container, *, available: Length, width: Length) -> None:
    """A short centred horizontal rule of `width` in a space `available` wide."""
    paragraph = container.add_paragraph()
    side = max(int((available - width) / 2), 0)
    paragraph_format = paragraph.paragraph_format
    paragraph_format.left_indent = Length(side)
    paragraph_format.right_indent = Length(side)
    paragraph_format.first_line_indent = Cm(0)
    paragraph_format.space_before = Pt(0)
    paragraph_format.space_after = Pt(0)
    # An exact line a little taller than the tiny mark: the rule sits about 3 pt under the
    # line above, clear of the marks under letters ("Ọ", "Ạ") and of descenders.
    paragraph_format.line_spacing = Pt(4)
    _border(paragraph, "bottom", space=0)
    _mark_size(paragraph, 1)


def _estimated_width(text: str, points: float, *, capitals: bool) -> Length:
    """The printed width of a line, roughly: bold capitals average about 0.63 em per character,
    mixed case about 0.47 em (measured on Liberation Serif Bold). Good enough to size a rule to
    a third to a half of the line (Decree 30) with no font file at hand."""
    em = 0.63 if capitals else 0.47
    return Pt(len(text) * points * em)


def _spacer(container, height: Length) -> None:
    paragraph = container.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = height
    _mark_size(paragraph, min(height.pt, 14))


def _no_split(row) -> None:
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))


def _fixed_widths(table, widths: list[Length]) -> None:
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


# -- Parts of the document ------------------------------------------------------------------


def _draft_mark(document, text_width: Length) -> None:
    """The draft mark: "DỰ THẢO" boxed in the top right corner, above the motto."""
    box = Cm(3.2)
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.left_indent = Length(text_width - box)
    paragraph.paragraph_format.space_after = Pt(6)
    _add_run(paragraph, "DỰ THẢO", size=13, bold=True)
    _border(paragraph, "top", "left", "bottom", "right", space=2)


def _header_block(document, doc: OfficialDocument) -> None:
    table = document.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_widths(table, [LEFT_COLUMN, RIGHT_COLUMN])
    left, right = table.rows[0].cells
    left_usable = Length(LEFT_COLUMN - 2 * CELL_PADDING)
    right_usable = Length(RIGHT_COLUMN - 2 * CELL_PADDING)

    # Top left: the superior body (capitals, not bold), the issuer (capitals, bold), a rule of a
    # third to a half of the issuer's line.
    if doc.superior_body:
        _centred(left, doc.superior_body, size=12, first=True)
        _centred(left, doc.issuer, size=12, bold=True)
    else:
        _centred(left, doc.issuer, size=12, bold=True, first=True)
    issuer_line = min(_estimated_width(doc.issuer, 12, capitals=True), left_usable)
    _rule(left, available=left_usable, width=Length(max(int(issuer_line * 0.4), Cm(1.5))))

    # Top right: the national name and motto, a rule as long as the motto.
    _centred(right, NATIONAL_NAME, size=12, bold=True, first=True)
    _centred(right, NATIONAL_MOTTO, size=13, bold=True)
    _rule(right, available=right_usable, width=MOTTO_RULE)

    # Below: number and symbol left (with "V/v" summary for an official letter), place and
    # date right, in italics.
    left, right = table.rows[1].cells
    reference = _centred(left, doc.reference_line, size=13, first=True)
    reference.paragraph_format.space_before = Pt(6)
    if not doc.document_type and doc.summary:
        _centred(left, f"V/v {doc.summary}", size=12)
    place_date = _centred(right, doc.place_date_line, size=14, italic=True, first=True)
    place_date.paragraph_format.space_before = Pt(6)


def _title_block(document, doc: OfficialDocument) -> None:
    kind = _centred(document, doc.document_type, size=14, bold=True)
    kind.paragraph_format.space_before = Pt(18)
    summary = _centred(document, doc.summary, size=14, bold=True)
    summary.paragraph_format.line_spacing = LINE_SPACING
    text_width = _text_width(document.sections[-1])
    longest = max(doc.summary.splitlines() or [""], key=len)
    line = min(_estimated_width(longest, 14, capitals=False), text_width)
    _rule(document, available=text_width, width=Length(max(int(line * 0.35), Cm(2.5))))
    _spacer(document, Pt(12))


def _blocks(document, blocks, text_width: Length) -> None:
    for block in blocks:
        if isinstance(block, Heading):
            paragraph = document.add_paragraph(style=f"Heading {block.level}")
            _add_run(paragraph, block.text)
        elif isinstance(block, Paragraph):
            _paragraph(document, block)
        elif isinstance(block, BulletList):
            for item in block.items:
                runs = (
                    [Run(item)]
                    if isinstance(item, str)
                    else [Run(part) if isinstance(part, str) else part for part in item]
                )
                if not runs[0].text.lstrip().startswith(("-", "–", "+")):
                    runs.insert(0, Run("- "))
                _paragraph(document, Paragraph(runs))
        elif isinstance(block, Table):
            _table(document, block, text_width)
        elif isinstance(block, PageBreak):
            paragraph = document.add_paragraph()
            paragraph.add_run().add_break(WD_BREAK.PAGE)
        else:
            raise TypeError(f"Not a document block: {block!r}")


def _paragraph(document, block: Paragraph) -> None:
    paragraph = document.add_paragraph(style="Body Text")
    paragraph.alignment = ALIGN[block.align]
    if not block.indent:
        paragraph.paragraph_format.first_line_indent = Cm(0)
    for run in block.runs:
        _add_run(
            paragraph,
            run.text,
            bold=run.bold or None,
            italic=run.italic or None,
            underline=run.underline or None,
        )


def _table(document, block: Table, text_width: Length) -> None:
    if block.caption:
        caption = _centred(document, block.caption, size=14, bold=True)
        caption.paragraph_format.space_before = Pt(6)
        caption.paragraph_format.space_after = Pt(6)
        caption.paragraph_format.keep_with_next = True
    count = len(block.columns)
    if block.widths:
        widths = [Cm(width) for width in block.widths]
    else:
        widths = [Length(int(text_width / count))] * count
    alignments = list(block.align) if block.align else [None] * count
    size = Pt(block.font_size)

    table = document.add_table(rows=1 + len(block.rows), cols=count)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_widths(table, widths)

    header = table.rows[0]
    _no_split(header)
    if block.header_repeat:
        header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, title in zip(header.cells, block.columns, strict=True):
        _cell(cell, str(title), align="center", size=size, bold=True)

    bold_rows = set(block.bold_rows)
    for index, (row, values) in enumerate(zip(table.rows[1:], block.rows, strict=True)):
        _no_split(row)
        for cell, value, align in zip(row.cells, values, alignments, strict=True):
            if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                text, default = formatting.number(value), "right"
            else:
                text, default = ("" if value is None else str(value)), "left"
            _cell(cell, text, align=align or default, size=size, bold=index in bold_rows)
    _spacer(document, Pt(6))


def _cell(cell, text: str, *, align: str, size: Length, bold: bool) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for index, line in enumerate(text.split("\n")):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.alignment = ALIGN[align]
        paragraph_format = paragraph.paragraph_format
        paragraph_format.first_line_indent = Cm(0)
        paragraph_format.space_before = Pt(2)
        paragraph_format.space_after = Pt(2)
        _add_run(paragraph, line, size=size, bold=bold or None)


def _signature_block(document, doc: OfficialDocument) -> None:
    """Recipients left ("Nơi nhận:" 12 pt bold italic, the list 11 pt), signature right."""
    _spacer(document, Pt(6))
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_widths(table, [LEFT_COLUMN, RIGHT_COLUMN])
    _no_split(table.rows[0])
    left, right = table.rows[0].cells

    if doc.recipients:
        heading = left.paragraphs[0]
        _add_run(heading, "Nơi nhận:", size=12, bold=True, italic=True)
        for recipient in doc.recipients:
            text = recipient if recipient.lstrip().startswith("-") else f"- {recipient}"
            paragraph = left.add_paragraph()
            _add_run(paragraph, text, size=11)

    signature = doc.signature
    first = True
    for line in (signature.authority, signature.title):
        if line:
            _centred(right, line, size=14, bold=True, first=first)
            first = False
    # Room for the signature and seal; a copy shows its note ("(Đã ký)") there instead.
    _spacer(right, Pt(28))
    if signature.note:
        _centred(right, signature.note, size=14, italic=True, first=first)
        first = False
    _spacer(right, Pt(28))
    _centred(right, signature.name, size=14, bold=True, first=first)


def _annex(document, doc: OfficialDocument) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    # The paragraph that now ends the body's section carries its break: keep it tiny, so it
    # never pushes onto a page of its own after the signature block.
    _mark_size(document.paragraphs[-1], 1)
    _set_up_page(section, landscape=doc.annex_landscape)
    # The body's header (page numbers) continues; the annex's first page is not page 1.
    section.different_first_page_header_footer = False
    section.header.is_linked_to_previous = True
    heading = _centred(document, "PHỤ LỤC", size=14, bold=True)
    heading.paragraph_format.keep_with_next = True
    if doc.annex_title:
        title = _centred(document, doc.annex_title, size=14, bold=True)
        title.paragraph_format.keep_with_next = True
    if doc.annex_reference_line:
        subtitle = _centred(document, doc.annex_reference_line, size=14, italic=True)
        subtitle.paragraph_format.keep_with_next = True
    _spacer(document, Pt(12))
    _blocks(document, doc.annex, _text_width(section))
