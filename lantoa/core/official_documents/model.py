"""An administrative document (văn bản hành chính) as data, independent of how it is rendered.

The fields follow the parts that Decree 30/2020/NĐ-CP, Appendix I lays out: the issuing body
top left, the national motto top right, number and symbol, place and date, document type and
summary, the body, the signature block with the recipients beside it, and an optional annex.
Callers write the text the way it is printed (capitals where the decree wants capitals); the
renderers only lay it out.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from lantoa.core import formatting

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"

ALIGNMENTS = ("left", "center", "right", "justify")

Cell = str | int | float | Decimal | None


@dataclass(frozen=True)
class Run:
    """A stretch of a paragraph with its own emphasis."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False


@dataclass(frozen=True)
class Heading:
    """A section heading, numbered by the caller as reports number them ("I. KẾT QUẢ",
    "1. Công tác tuyên truyền", "a) Trên báo chí"). Levels 1 and 2 are bold, 3 bold italic."""

    text: str
    level: int = 1

    def __post_init__(self):
        if self.level not in (1, 2, 3):
            raise ValueError(f"Heading level must be 1, 2 or 3, got {self.level!r}")


@dataclass(frozen=True)
class Paragraph:
    """Body text: a plain string or runs with their own emphasis. Justified with a first-line
    indent unless told otherwise."""

    content: str | Sequence[Run | str]
    align: str = "justify"
    indent: bool = True
    bold: bool = False
    italic: bool = False

    def __post_init__(self):
        if self.align not in ALIGNMENTS:
            raise ValueError(f"align must be one of {ALIGNMENTS}, got {self.align!r}")

    @property
    def runs(self) -> list[Run]:
        parts = [self.content] if isinstance(self.content, str) else list(self.content)
        return [
            Run(part, bold=self.bold, italic=self.italic) if isinstance(part, str) else part
            for part in parts
        ]


@dataclass(frozen=True)
class BulletList:
    """Items written with a leading dash, as Vietnamese administrative texts list them
    ("- Tổ chức 12 hội nghị;"). The dash is added when an item has none."""

    items: Sequence[str | Sequence[Run | str]]


@dataclass(frozen=True)
class Table:
    """A bordered table. Numbers given as int, float or Decimal are written the Vietnamese way
    ("1.234", "12,5"). `align` gives each column's alignment; without it numbers go right and
    text left. `widths` are in centimetres (default: the text width shared equally). The header
    row is bold, centred, and repeated on every page when `header_repeat`."""

    columns: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    widths: Sequence[float] | None = None
    align: Sequence[str] | None = None
    header_repeat: bool = True
    caption: str = ""
    font_size: float = 12
    bold_rows: Sequence[int] = ()  # indexes of rows to set in bold, e.g. a "Tổng cộng" row

    def __post_init__(self):
        width = len(self.columns)
        if not width:
            raise ValueError("A table needs at least one column")
        for index, row in enumerate(self.rows):
            if len(row) != width:
                raise ValueError(f"Row {index} has {len(row)} cells, the table {width} columns")
        if self.widths is not None and len(self.widths) != width:
            raise ValueError("widths must give one width per column")
        if self.align is not None:
            if len(self.align) != width:
                raise ValueError("align must give one alignment per column")
            for value in self.align:
                if value not in ALIGNMENTS:
                    raise ValueError(f"align must be one of {ALIGNMENTS}, got {value!r}")


@dataclass(frozen=True)
class PageBreak:
    """Continue on a new page."""


Block = Heading | Paragraph | BulletList | Table | PageBreak


@dataclass(frozen=True)
class Signature:
    """The signature block: "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC" / (space to sign) / "Nguyễn Văn A".

    `authority` is the phrase for signing on someone's behalf (KT., TM., TL., TUQ.; empty when
    the head signs); `title` the signer's position; `note` what stands in the space for the
    signature on a copy, e.g. "(Đã ký)".
    """

    title: str
    name: str
    authority: str = ""
    note: str = ""


@dataclass
class OfficialDocument:
    """A document laid out per Decree 30/2020. Build `reference` with
    `formatting.document_reference(number, symbol)`; it is printed after "Số: ". Without
    `issued_on` the date line keeps the day and month blank for the date of signature, in the
    year `year` (default: the current year). An empty `document_type` makes an official letter
    (công văn): the summary then goes under the number as "V/v …"."""

    superior_body: str
    issuer: str
    reference: str
    place: str
    issued_on: datetime.date | None
    document_type: str
    summary: str
    body: list[Block]
    signature: Signature
    recipients: list[str] = field(default_factory=list)
    draft: bool = False
    annex: list[Block] | None = None
    annex_title: str = ""
    annex_subtitle: str | None = None
    annex_landscape: bool = False
    year: int | None = None

    @property
    def reference_line(self) -> str:
        return f"Số: {self.reference}"

    @property
    def place_date_line(self) -> str:
        return formatting.place_date_line(self.place, self.issued_on, year=self.year)

    @property
    def title(self) -> str:
        """The document's title for its properties and file listings."""
        kind = self.document_type.capitalize() if self.document_type else "Công văn"
        reference = self.reference.strip()
        if reference and not reference.startswith("/"):  # not a draft awaiting its number
            kind = f"{kind} số {reference}"
        return f"{kind}: {self.summary}"

    @property
    def annex_reference_line(self) -> str:
        """(Kèm theo Báo cáo số 05/BC-SKHCN ngày 05/12/2026), unless `annex_subtitle` says
        otherwise ("" for none)."""
        if self.annex_subtitle is not None:
            return self.annex_subtitle
        kind = self.document_type.capitalize() if self.document_type else "Công văn"
        line = f"(Kèm theo {kind} số {self.reference}"
        if self.issued_on is not None:
            line += f" ngày {formatting.date_short(self.issued_on)}"
        return line + ")"
