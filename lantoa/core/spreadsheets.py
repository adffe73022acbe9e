"""Spreadsheets that people fill in for an import (XLSX or CSV), read the same way everywhere.

An import describes its columns (`ImportColumn`: the header of the downloadable template, in
Vietnamese, plus English and other accepted names); `table_read` finds the header row (a title
line or two often sits above the table), keeps every cell as text, exactly as written, and
`headers_map` says which column is where, which are missing, repeated or not used. Headers are
compared folded (no case, no diacritics, "_" as a space, "*", ":" and brackets ignored), whatever
the interface language: they are part of the file format. Problems are `RowError`s (line of the
file, column as written, reason) that every import shows the same way.

Used by the directory's import of units and staff and the repository's bulk import.
"""

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time

import openpyxl
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from lantoa.core.text import fold, nfc

MAX_FILE_BYTES = 5 * 1024 * 1024
# The header row is the first of this many non-empty lines that names a known column.
HEADER_SEARCH_LINES = 10

# Headers that spreadsheets carry for people, not for the system (row numbers, notes).
IGNORED_HEADERS = {"stt", "tt", "so tt", "no", "no.", "#", "ghi chu", "notes", "note"}

TRUE_WORDS = {"co", "x", "1", "yes", "y", "true", "dung"}
FALSE_WORDS = {"khong", "0", "no", "n", "false", "sai"}


@dataclass(frozen=True)
class ImportColumn:
    field: str
    # The header written in the template; file-format data, accepted whatever the UI language.
    header: str
    label: str  # shown in the preview table (translated)
    aliases: tuple[str, ...] = ()
    type: str = "text"  # what the importing app makes of the cell
    required: bool = False


@dataclass(frozen=True)
class RowError:
    """One problem: the line of the file (None for the file as a whole), the column, why."""

    line: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        if self.column:
            return _("Line %(line)s, column “%(column)s”: %(message)s") % {
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class SourceTable:
    """The cells of the file as text, exactly as read; kept in the session between the steps."""

    file_name: str
    header_line: int
    headers: list[str]
    rows: list[tuple[int, list[str]]]

    def to_json(self) -> dict:
        return {
            "file_name": self.file_name,
            "header_line": self.header_line,
            "headers": self.headers,
            "rows": [[line, cells] for line, cells in self.rows],
        }

    @classmethod
    def from_json(cls, data: dict) -> "SourceTable":
        return cls(
            file_name=str(data["file_name"]),
            header_line=int(data["header_line"]),
            headers=[str(header) for header in data["headers"]],
            rows=[(int(line), [str(cell) for cell in cells]) for line, cells in data["rows"]],
        )


class ImportFileRejected(Exception):
    """The file cannot be read at all (too big, not XLSX/CSV, empty, too many rows)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- Text -----------------------------------------------------------------------------------


def fold_cell(value: str) -> str:
    """Folded (see core.text.fold), with "_" read as a space, as in English header names."""
    return fold(value.replace("_", " "))


def fold_header(value: str) -> str:
    # Templates often mark required columns with "*" or "(*)" and end headers with ":".
    return fold_cell(re.sub(r"[*:()\[\]]", " ", value))


def clean_text(value: str) -> str:
    """NFC, with runs of white space (line breaks in a cell included) made one space."""
    return " ".join(nfc(value).split())


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return nfc(str(value)).strip()


def yes_no(value: str) -> bool | None:
    """True for "có", "x", "1", "yes"…, False for "không", "0", "no"…, None for anything else."""
    word = fold_cell(value)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def yes_no_label(value: bool) -> str:
    return _("Yes") if value else _("No")


# --- Reading the file -----------------------------------------------------------------------


def _xlsx_lines(data: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # any failure of openpyxl here means "not a workbook"
        raise ImportFileRejected(
            _("The file looks like a ZIP archive but is not an Excel workbook (.xlsx).")
        ) from error
    try:
        if not workbook.worksheets:
            raise ImportFileRejected(_("The workbook has no worksheet."))
        sheet = workbook.worksheets[0]
        # Some programs write a wrong sheet size; without it rows are read as they are.
        sheet.reset_dimensions()
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, [cell_text(value) for value in values]
    except ImportFileRejected:
        raise
    except Exception as error:  # a damaged sheet fails in many ways inside openpyxl
        raise ImportFileRejected(
            _("The workbook cannot be read; it may be damaged. Save it again and retry.")
        ) from error
    finally:
        workbook.close()


def _csv_lines(data: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileRejected(
            _(
                "The file is neither an Excel workbook (.xlsx) nor a CSV file in UTF-8. "
                "Save it again as .xlsx or as “CSV UTF-8”."
            )
        ) from error
    if "\x00" in text:
        raise ImportFileRejected(
            _("The file is neither an Excel workbook (.xlsx) nor a CSV file in UTF-8.")
        )
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    try:
        delimiter = csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    try:
        for cells in reader:
            yield line, [cell_text(cell) for cell in cells]
            # A quoted cell may span several lines; the next record starts after them.
            line = reader.line_num + 1
    except csv.Error as error:
        raise ImportFileRejected(
            _("Line %(line)s cannot be read as CSV: %(reason)s")
            % {"line": reader.line_num, "reason": error}
        ) from error


def _file_bytes(uploaded_file) -> bytes:
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > MAX_FILE_BYTES:
        raise ImportFileRejected(_("The file is larger than 5 MB. Split it into smaller files."))
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    data = uploaded_file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileRejected(_("The file is larger than 5 MB. Split it into smaller files."))
    if not data.strip():
        raise ImportFileRejected(_("The file is empty."))
    return data


def _lines(data: bytes) -> Iterator[tuple[int, list[str]]]:
    if data.startswith(b"PK\x03\x04"):
        return _xlsx_lines(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileRejected(
            _("Old Excel files (.xls) are not supported. Save the file as .xlsx and try again.")
        )
    return _csv_lines(data)


def header_keys(column: ImportColumn) -> set[str]:
    return {fold_header(name) for name in (column.header, column.field, *column.aliases)}


def _is_header(cells: list[str], columns: Iterable[ImportColumn]) -> bool:
    known = {key for column in columns for key in header_keys(column)}
    return any(fold_header(cell) in known for cell in cells if cell)


def table_read(*, uploaded_file, columns: tuple[ImportColumn, ...], max_rows: int) -> SourceTable:
    """The table of an XLSX (first sheet) or CSV file (UTF-8, "," ";" or tab) of at most
    MAX_FILE_BYTES and `max_rows` data rows; `uploaded_file` is any file object (its `name`
    is kept). Raises ImportFileRejected when the file cannot be read as a table at all."""
    data = _file_bytes(uploaded_file)
    header_line = 0
    headers: list[str] = []
    skipped: list[tuple[int, list[str]]] = []
    rows: list[tuple[int, list[str]]] = []
    for line, cells in _lines(data):
        if not any(cells):
            continue
        if not header_line:
            if _is_header(cells, columns) or len(skipped) >= HEADER_SEARCH_LINES:
                header_line, headers = line, cells
            else:
                skipped.append((line, cells))
            continue
        rows.append((line, cells))
        if len(rows) > max_rows:
            raise ImportFileRejected(
                _("The file has more than %(max)s rows. Split it into smaller files.")
                % {"max": number_format(max_rows, force_grouping=True)}
            )
    if not header_line and skipped:
        # No line names a known column: treat the first one as the header, so that the
        # missing columns are reported against it.
        (header_line, headers), rows = skipped[0], skipped[1:]
    if not header_line:
        raise ImportFileRejected(_("The file is empty."))
    name = getattr(uploaded_file, "name", "") or ""
    return SourceTable(
        file_name=str(name).replace("\\", "/").rsplit("/", 1)[-1],
        header_line=header_line,
        headers=headers,
        rows=rows,
    )


# --- Columns --------------------------------------------------------------------------------


@dataclass
class HeaderMap:
    written: list[str]  # the header row as written
    index: dict[str, int]  # column field → position in the row
    names: dict[str, str]  # column field → header as written in the file
    errors: list[RowError] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    def cell(self, cells: list[str], column_field: str) -> str | None:
        """The row's cell under the column, "" when the row is short, None without the column."""
        position = self.index.get(column_field)
        if position is None:
            return None
        return cells[position] if position < len(cells) else ""


def headers_map(*, columns: tuple[ImportColumn, ...], table: SourceTable) -> HeaderMap:
    """Where each known column is in the header row; missing required columns, repeated
    columns (errors) and columns the import does not use (ignored) noted."""
    result = HeaderMap(written=table.headers, index={}, names={})
    for position, header in enumerate(table.headers):
        if not header:
            continue
        key = fold_header(header)
        column = next((column for column in columns if key in header_keys(column)), None)
        if column is None:
            if key not in IGNORED_HEADERS:
                result.ignored.append(header)
            continue
        if column.field in result.index:
            result.errors.append(
                RowError(
                    table.header_line,
                    header,
                    _("This column appears twice (also as “%(other)s”).")
                    % {"other": result.names[column.field]},
                )
            )
            continue
        result.index[column.field] = position
        result.names[column.field] = header
    for column in columns:
        if column.required and column.field not in result.index:
            result.errors.append(
                RowError(
                    table.header_line,
                    column.header,
                    _("This required column is missing from the header row."),
                )
            )
    return result


def stray_cell_errors(line: int, cells: list[str], headers: HeaderMap) -> list[RowError]:
    """A value under no header: a shifted row, or data the file does not explain."""
    return [
        RowError(
            line,
            _("column %(letter)s") % {"letter": get_column_letter(position + 1)},
            _("This cell has a value but its column has no header."),
        )
        for position, cell in enumerate(cells)
        if cell and (position >= len(headers.written) or not headers.written[position])
    ]


# --- Writing --------------------------------------------------------------------------------


def workbook_bytes(*, title: str, header: list[str], rows: Iterable[list]) -> bytes:
    """An XLSX file of one sheet: the header row in bold and frozen, then `rows`; columns wide
    enough for their text (up to a point)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(header)
    widths = [max(14, len(str(name)) + 4) for name in header]
    for row in rows:
        sheet.append(row)
        for position, value in enumerate(row[: len(widths)]):
            widths[position] = max(widths[position], min(len(str(value)) + 2, 80))
    for position, width in enumerate(widths, start=1):
        sheet.cell(row=1, column=position).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.freeze_panes = "A2"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
