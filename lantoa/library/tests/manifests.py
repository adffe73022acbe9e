"""Manifests and archives for bulk-import tests (lantoa/library/bulk_import.py)."""

import csv
import io
import zipfile

import openpyxl

HEADER = [
    "STT",
    "Tên tệp",
    "Tiêu đề",
    "Mô tả",
    "Loại",
    "Ngôn ngữ",
    "Tác giả",
    "Mã đơn vị",
    "Ngày",
    "Giấy phép",
    "Ghi nguồn",
    "Chủ đề",
    "Đối tượng",
    "Nhiệm vụ kế hoạch",
    "Ấn phẩm",
    "Có người nhận diện được",
]


def row(number, file, title="", **cells) -> list:
    """A manifest row in HEADER's order; other cells by field name."""
    return [
        number,
        file,
        title,
        cells.get("description", ""),
        cells.get("kind", ""),
        cells.get("language", ""),
        cells.get("creator", ""),
        cells.get("unit", ""),
        cells.get("date", ""),
        cells.get("licence", ""),
        cells.get("attribution", ""),
        cells.get("topics", ""),
        cells.get("audiences", ""),
        cells.get("tasks", ""),
        cells.get("work", ""),
        cells.get("people", ""),
    ]


def csv_bytes(rows) -> bytes:
    output = io.StringIO()
    csv.writer(output).writerows([HEADER, *rows])
    return output.getvalue().encode("utf-8")


def xlsx_bytes(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for values in [HEADER, *rows]:
        workbook.active.append(values)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return output.getvalue()
