"""Import of units and staff from XLSX/CSV: the service, the admin screens and the command."""

import csv
import io
import unicodedata
import zipfile

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lantoa.directory.imports import (
    ImportFileRejected,
    ImportRejected,
    directory_import_commit,
    directory_import_parse,
)
from lantoa.directory.models import Organisation, Person, Unit, UnitKind
from lantoa.directory.tests.factories import PersonFactory, UnitFactory

UNIT_HEADER = [
    "Mã đơn vị",
    "Tên đơn vị",
    "Tên tiếng Anh",
    "Loại",
    "Có nhiệm vụ truyền thông",
    "Email",
    "Điện thoại",
    "Thứ tự",
]
PERSON_HEADER = [
    "Họ và tên",
    "Mã đơn vị",
    "Chức vụ",
    "Email",
    "Điện thoại",
    "Lãnh đạo",
    "Cán bộ truyền thông",
    "Đang công tác",
]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_file(rows, name="danh-sach.xlsx") -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return SimpleUploadedFile(name, output.getvalue(), content_type=XLSX_TYPE)


def csv_file(rows, *, delimiter=",", bom=False, name="danh-sach.csv") -> SimpleUploadedFile:
    output = io.StringIO()
    csv.writer(output, delimiter=delimiter).writerows(rows)
    data = output.getvalue().encode("utf-8-sig" if bom else "utf-8")
    return SimpleUploadedFile(name, data, content_type="text/csv")


def unit_row(code="QLKH", name="Phòng Quản lý khoa học", kind="Phòng", duty="có", **extra):
    row = [code, name, "Science Management Division", kind, duty, "qlkh@example.gov.vn"]
    return row + [extra.get("phone", "0255 3822 123"), extra.get("order", "10")]


def person_row(name="Nguyễn Thị Hà", unit="TTCĐS", email="ha@example.gov.vn", **extra):
    row = [name, unit, extra.get("position", "Chuyên viên"), email, "0912 345 678"]
    return row + [extra.get("leader", "không"), extra.get("comms", "x"), extra.get("active", "có")]


def errors_of(preview) -> list[tuple]:
    return [(error.line, error.column, error.message) for error in preview.all_errors]


# --- Good files --------------------------------------------------------------------------------


def test_units_from_xlsx_are_created_and_updated(organisation, unit_a):
    upload = xlsx_file(
        [
            UNIT_HEADER,
            unit_row(),
            unit_row(code="ttcđs", name="Trung tâm Chuyển đổi số", kind="trung tâm", duty="0"),
        ]
    )

    preview = directory_import_parse(kind="units", uploaded_file=upload)

    assert preview.is_valid, errors_of(preview)
    assert [(row.line, row.action) for row in preview.rows] == [(2, "create"), (3, "update")]
    assert preview.rows[0].values["kind"] == "Phòng"
    assert preview.rows[1].values["has_communication_duty"] == "Không"
    assert Unit.objects.count() == 1  # the preview saves nothing

    result = directory_import_commit(actor=None, preview=preview)

    assert (result.created, result.updated) == (1, 1)
    new = Unit.objects.get(code="QLKH")
    assert new.organisation == organisation
    assert new.name == "Phòng Quản lý khoa học"
    assert new.kind == UnitKind.DIVISION
    assert new.has_communication_duty is True
    assert new.sort_order == 10
    assert new.phone == "0255 3822 123"
    unit_a.refresh_from_db()
    assert unit_a.code == "TTCĐS"  # matched without case; the stored code is kept
    assert unit_a.name == "Trung tâm Chuyển đổi số"
    assert unit_a.kind == UnitKind.CENTRE
    assert unit_a.has_communication_duty is False


def test_units_from_semicolon_csv_with_bom_and_english_headers(organisation):
    upload = csv_file(
        [
            ["code", "Name", "KIND", "communication duty", "sort order"],
            ["VP", "Văn phòng Sở", "office", "yes", "1"],
            ["TTr", "Thanh tra Sở", "Inspectorate", "false", ""],
            ["CCTĐC", "Chi cục Tiêu chuẩn Đo lường Chất lượng", "chi cuc", "TRUE", "30"],
        ],
        delimiter=";",
        bom=True,
    )

    preview = directory_import_parse(kind="units", uploaded_file=upload)
    directory_import_commit(actor=None, preview=preview)

    units = {unit.code: unit for unit in Unit.objects.all()}
    assert set(units) == {"VP", "TTr", "CCTĐC"}
    assert units["VP"].kind == UnitKind.OFFICE
    assert units["VP"].has_communication_duty is True
    assert units["TTr"].kind == UnitKind.INSPECTORATE
    assert units["TTr"].sort_order == 100  # empty cell: the default
    assert units["CCTĐC"].kind == UnitKind.SUB_DEPARTMENT


def test_headers_match_without_case_or_diacritics_and_text_is_stored_nfc(organisation, unit_a):
    decomposed = unicodedata.normalize("NFD", "Phạm Thị Ngọc Ánh")
    upload = csv_file(
        [
            ["STT", "HO VA TEN", "ma don vi", "Chuc vu", "Ghi chú"],
            ["1", decomposed, "ttcđs", "Viên chức", "mới tuyển"],
        ]
    )

    preview = directory_import_parse(kind="people", uploaded_file=upload)
    directory_import_commit(actor=None, preview=preview)

    person = Person.objects.get(unit=unit_a)
    assert person.full_name == "Phạm Thị Ngọc Ánh"
    assert unicodedata.is_normalized("NFC", person.full_name)
    assert preview.ignored_headers == []  # STT and Ghi chú are known to carry no data


def test_people_from_xlsx_are_created_and_updated(organisation, unit_a, unit_b):
    same_name = PersonFactory(unit=unit_a, full_name="Trần Văn Đức", position="Chuyên viên")
    same_email = PersonFactory(unit=unit_a, full_name="Lê Thị Ánh", email="anh@example.gov.vn")
    upload = xlsx_file(
        [
            PERSON_HEADER,
            person_row(),
            person_row(name="Trần  Văn Đức", email="", position="Phó Giám đốc", leader="có"),
            person_row(name="Lê Thị Ánh", unit="BCVT", email="ANH@example.gov.vn"),
        ]
    )

    preview = directory_import_parse(kind="people", uploaded_file=upload)

    assert preview.is_valid, errors_of(preview)
    assert [row.action for row in preview.rows] == ["create", "update", "update"]
    result = directory_import_commit(actor=None, preview=preview)

    assert (result.created, result.updated) == (1, 2)
    created = Person.objects.get(email="ha@example.gov.vn")
    assert (created.unit, created.full_name) == (unit_a, "Nguyễn Thị Hà")
    assert created.is_communication_staff is True
    assert created.is_leader is False
    same_name.refresh_from_db()
    assert same_name.position == "Phó Giám đốc"
    assert same_name.is_leader is True
    same_email.refresh_from_db()
    assert same_email.unit == unit_b  # matched by email: moved to the other unit
    assert Person.objects.count() == 3


def test_people_from_plain_csv(unit_a):
    upload = csv_file([PERSON_HEADER, person_row(active="không")])

    preview = directory_import_parse(kind="people", uploaded_file=upload)
    result = directory_import_commit(actor=None, preview=preview)

    assert result.created == 1
    assert Person.objects.get().is_active is False


def test_commit_records_who_imported_in_the_history(organisation, make_user):
    admin = make_user("system_admin")
    preview = directory_import_parse(
        kind="units", uploaded_file=xlsx_file([UNIT_HEADER, unit_row()])
    )

    directory_import_commit(actor=admin, preview=preview)

    entry = ModelLogEntry.objects.get(object_id=str(Unit.objects.get().pk))
    assert (entry.action, entry.user) == ("wagtail.create", admin)


# --- Bad rows: every error names its line and column, in Vietnamese ---------------------------


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (unit_row(name=""), "Tên đơn vị", "Ô này không được để trống."),
        (unit_row(kind="Sở"), "Loại", "Không có loại đơn vị “Sở”."),
        (unit_row(duty="có lẽ"), "Có nhiệm vụ truyền thông", "“có lẽ” không phải là có/không"),
        (unit_row(order="mười"), "Thứ tự", "“mười” không phải là số nguyên"),
        (unit_row(code="Q" * 31), "Mã đơn vị", "Quá dài: tối đa 30 ký tự (ô này có 31)."),
        (unit_row(name="P" * 256), "Tên đơn vị", "Quá dài: tối đa 255 ký tự (ô này có 256)."),
    ],
)
def test_bad_unit_cells_are_reported_with_line_and_column(organisation, row, column, message):
    upload = xlsx_file([UNIT_HEADER, unit_row(code="OK"), row])

    preview = directory_import_parse(kind="units", uploaded_file=upload)

    assert not preview.is_valid
    [(line, error_column, error_message)] = errors_of(preview)
    assert (line, error_column) == (3, column)
    assert message in error_message


def test_invalid_email_is_reported(unit_a):
    upload = csv_file([PERSON_HEADER, person_row(email="ha@@example")])

    preview = directory_import_parse(kind="people", uploaded_file=upload)

    assert errors_of(preview) == [(2, "Email", "“ha@@example” không phải là địa chỉ email hợp lệ.")]


def test_missing_required_column_is_reported_on_the_header_line(organisation):
    header = [name for name in UNIT_HEADER if name != "Loại"]
    upload = xlsx_file([["DANH SÁCH ĐƠN VỊ"], [], header, ["QLKH", "Phòng QLKH"]])

    preview = directory_import_parse(kind="units", uploaded_file=upload)

    assert errors_of(preview) == [(3, "Loại", "Thiếu cột bắt buộc này ở dòng tiêu đề.")]


def test_duplicate_unit_code_in_the_file_is_reported(organisation):
    upload = xlsx_file([UNIT_HEADER, unit_row(), unit_row(code="VP"), unit_row(code="qlkh")])

    preview = directory_import_parse(kind="units", uploaded_file=upload)

    assert errors_of(preview) == [(4, "Mã đơn vị", "Mã đơn vị “qlkh” bị trùng: đã có ở dòng 2.")]


def test_person_of_a_missing_unit_is_reported(unit_a):
    upload = xlsx_file([PERSON_HEADER, person_row(), person_row(name="Võ Văn Bình", unit="XYZ")])

    preview = directory_import_parse(kind="people", uploaded_file=upload)

    assert errors_of(preview) == [
        (
            3,
            "Mã đơn vị",
            "Không có đơn vị nào mang mã “XYZ”. Hãy nhập danh sách đơn vị trước hoặc sửa lại mã.",
        )
    ]


def test_value_outside_the_columns_is_a_malformed_row(organisation):
    upload = csv_file([UNIT_HEADER, unit_row(), [*unit_row(code="VP"), "", "lạc cột"]])

    preview = directory_import_parse(kind="units", uploaded_file=upload)

    assert errors_of(preview) == [
        (3, "cột J", "Ô này có giá trị nhưng cột của nó không có tiêu đề.")
    ]


def test_same_person_twice_in_the_file_is_reported(unit_a):
    upload = xlsx_file([PERSON_HEADER, person_row(email=""), person_row(email="")])

    preview = directory_import_parse(kind="people", uploaded_file=upload)

    [(line, column, message)] = errors_of(preview)
    assert (line, column) == (3, "Họ và tên")
    assert "đã có ở dòng 2" in message


def test_email_of_another_person_than_the_named_one_is_reported(unit_a):
    PersonFactory(unit=unit_a, full_name="Nguyễn Thị Hà")
    PersonFactory(unit=unit_a, full_name="Đặng Thị Mỹ", email="my@example.gov.vn")
    upload = xlsx_file([PERSON_HEADER, person_row(email="my@example.gov.vn")])

    preview = directory_import_parse(kind="people", uploaded_file=upload)

    [(line, column, message)] = errors_of(preview)
    assert (line, column) == (2, "Email")
    assert message.startswith("Email này thuộc về Đặng Thị Mỹ")


def test_every_error_of_the_file_is_listed(organisation):
    upload = xlsx_file([UNIT_HEADER, unit_row(name="", kind="Sở"), unit_row(code="", duty="??")])

    preview = directory_import_parse(kind="units", uploaded_file=upload)

    assert [(line, column) for line, column, _message in errors_of(preview)] == [
        (2, "Tên đơn vị"),
        (2, "Loại"),
        (3, "Mã đơn vị"),
        (3, "Có nhiệm vụ truyền thông"),
    ]


def test_import_without_a_home_agency_is_refused(db):
    Organisation.objects.all().delete()

    preview = directory_import_parse(
        kind="units", uploaded_file=csv_file([UNIT_HEADER, unit_row()])
    )

    assert not preview.is_valid
    assert "Chưa thiết lập cơ quan sử dụng hệ thống" in preview.all_errors[0].message


# --- Files that cannot be read -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "không phải là bảng tính Excel (.xlsx) hay tệp CSV",
        ),
        (
            "Mã,Tên\nCafé,Tên\n".encode("cp1252"),
            "không phải là bảng tính Excel (.xlsx) hay tệp CSV",
        ),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "(.xls)"),
        (b"", "Tệp trống."),
    ],
)
def test_content_that_is_not_xlsx_or_csv_is_refused(organisation, content, message):
    upload = SimpleUploadedFile("danh-sach.xlsx", content)

    with pytest.raises(ImportFileRejected) as raised:
        directory_import_parse(kind="units", uploaded_file=upload)

    assert message in raised.value.message


def test_zip_that_is_not_a_workbook_is_refused(organisation):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")

    with pytest.raises(ImportFileRejected) as raised:
        directory_import_parse(
            kind="units", uploaded_file=SimpleUploadedFile("a.xlsx", output.getvalue())
        )

    assert "không phải là bảng tính Excel" in raised.value.message


def test_damaged_workbook_is_refused(organisation):
    source = zipfile.ZipFile(xlsx_file([UNIT_HEADER, unit_row()]))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as damaged:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            damaged.writestr(item, data)

    with pytest.raises(ImportFileRejected) as raised:
        directory_import_parse(
            kind="units", uploaded_file=SimpleUploadedFile("a.xlsx", output.getvalue())
        )

    assert "tệp có thể đã bị hỏng" in raised.value.message


def test_file_over_5_mb_is_refused(organisation):
    upload = SimpleUploadedFile("lon.csv", b"a" * (5 * 1024 * 1024 + 1))

    with pytest.raises(ImportFileRejected) as raised:
        directory_import_parse(kind="units", uploaded_file=upload)

    assert "lớn hơn 5 MB" in raised.value.message


def test_file_over_5000_rows_is_refused(organisation):
    rows = [UNIT_HEADER] + [unit_row(code=f"DV{n}") for n in range(5001)]

    with pytest.raises(ImportFileRejected) as raised:
        directory_import_parse(kind="units", uploaded_file=csv_file(rows))

    assert "nhiều hơn 5.000 dòng" in raised.value.message


# --- All or nothing ----------------------------------------------------------------------------


def test_a_file_with_one_bad_row_saves_nothing(organisation):
    upload = xlsx_file([UNIT_HEADER, unit_row(), unit_row(code="VP", kind="???"), unit_row("TT")])
    preview = directory_import_parse(kind="units", uploaded_file=upload)

    with pytest.raises(ImportRejected) as raised:
        directory_import_commit(actor=None, preview=preview)

    assert [(error.line, error.column) for error in raised.value.errors] == [(3, "Loại")]
    assert not Unit.objects.exists()


def test_a_failure_while_saving_rolls_back_the_rows_already_saved(organisation, monkeypatch):
    preview = directory_import_parse(
        kind="units", uploaded_file=xlsx_file([UNIT_HEADER, unit_row(), unit_row(code="VP")])
    )
    original_save = Unit.save

    def save_failing_on_vp(self, *args, **kwargs):
        if self.code == "VP":
            raise IntegrityError("simulated")
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(Unit, "save", save_failing_on_vp)

    with pytest.raises(ImportRejected) as raised:
        directory_import_commit(actor=None, preview=preview)

    assert raised.value.errors[0].line == 3
    assert not Unit.objects.exists()  # QLKH, saved first, was rolled back


def test_commit_checks_the_rows_again(unit_a):
    doomed = UnitFactory(organisation=unit_a.organisation, code="TAM")
    upload = xlsx_file(
        [
            PERSON_HEADER,
            person_row(),
            person_row(name="Hồ Văn Tâm", unit="TAM", email="tam@example.gov.vn"),
        ]
    )
    preview = directory_import_parse(kind="people", uploaded_file=upload)
    assert preview.is_valid
    doomed.delete()  # someone removes the unit between the preview and the commit

    with pytest.raises(ImportRejected) as raised:
        directory_import_commit(actor=None, preview=preview)

    assert [(error.line, error.column) for error in raised.value.errors] == [(3, "Mã đơn vị")]
    assert not Person.objects.exists()


# --- Admin screens -----------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, make_user, organisation):
    client.force_login(make_user("system_admin"))
    return client


def upload(client, kind, file):
    return client.post(reverse("directory_import:form"), {"kind": kind, "file": file})


def test_admin_upload_preview_with_errors_then_corrected_file_commits(admin_client, unit_a):
    response = admin_client.get(reverse("directory_import:form"))
    assert response.status_code == 200
    assert "Tải tệp mẫu" in response.text

    bad = xlsx_file([PERSON_HEADER, person_row(), person_row(name="Võ Văn Bình", unit="XYZ")])
    response = upload(admin_client, "people", bad)
    assert response.status_code == 302
    response = admin_client.get(response.url)

    assert response.status_code == 200
    errors_table = response.text.split('id="import-errors"')[1].split("</table>")[0]
    assert "<td>3</td>" in errors_table
    assert "<td>Mã đơn vị</td>" in errors_table
    assert "Không có đơn vị nào mang mã “XYZ”" in errors_table
    assert "Nhập dữ liệu" not in response.text  # no commit button while there are errors
    assert admin_client.post(response.request["PATH_INFO"]).status_code == 200
    assert not Person.objects.exists()

    good = xlsx_file(
        [PERSON_HEADER, person_row(), person_row(name="Võ Văn Bình", email="binh@example.gov.vn")]
    )
    response = admin_client.get(upload(admin_client, "people", good).url)
    assert "Nhập dữ liệu" in response.text
    assert "Nguyễn Thị Hà" in response.text
    assert "Tạo mới" in response.text

    response = admin_client.post(response.request["PATH_INFO"], follow=True)

    assert response.redirect_chain[-1][0] == reverse("person:index")
    assert "Đã nhập xong: tạo mới 2, cập nhật 0." in response.text
    assert set(Person.objects.values_list("full_name", flat=True)) == {
        "Nguyễn Thị Hà",
        "Võ Văn Bình",
    }


def test_admin_unreadable_file_is_reported_on_the_form(admin_client):
    response = upload(admin_client, "units", SimpleUploadedFile("anh.png", b"\x89PNG\x00\x00"))

    assert response.status_code == 200
    assert "không phải là bảng tính Excel (.xlsx) hay tệp CSV" in response.text


def test_admin_preview_is_single_use(admin_client):
    response = upload(admin_client, "units", xlsx_file([UNIT_HEADER, unit_row()]))
    preview_url = response.url

    response = admin_client.post(preview_url)
    assert response.url == reverse("unit:index")
    assert Unit.objects.filter(code="QLKH").exists()

    response = admin_client.post(preview_url, follow=True)
    assert "không còn" in response.text
    assert Unit.objects.count() == 1


def test_admin_templates_download_and_import_cleanly(admin_client):
    for kind in ("units", "people"):
        response = admin_client.get(reverse("directory_import:template", args=[kind]))
        assert response.status_code == 200
        assert response["Content-Type"] == XLSX_TYPE
        content = b"".join(response.streaming_content) if response.streaming else response.content
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        header = [cell.value for cell in sheet[1]]
        assert header[:2] == (UNIT_HEADER if kind == "units" else PERSON_HEADER)[:2]
        preview = directory_import_parse(
            kind=kind, uploaded_file=SimpleUploadedFile(f"{kind}.xlsx", content)
        )
        assert preview.is_valid, errors_of(preview)
        directory_import_commit(actor=None, preview=preview)

    assert Person.objects.get().unit.code == "QLKH"


def test_unit_staff_get_403_and_no_menu_item(client, make_user, unit_a):
    client.force_login(make_user("unit_staff", unit=unit_a))

    assert client.get(reverse("directory_import:form")).status_code == 403
    response = upload(client, "units", xlsx_file([UNIT_HEADER, unit_row()]))
    assert response.status_code == 403
    assert client.post(reverse("directory_import:preview", args=["abc"])).status_code == 403
    assert client.get(reverse("directory_import:template", args=["units"])).status_code == 403
    assert reverse("directory_import:form") not in client.get(reverse("wagtailadmin_home")).text
    assert not Unit.objects.filter(code="QLKH").exists()


def test_system_admin_sees_the_menu_item(admin_client):
    home = admin_client.get(reverse("wagtailadmin_home")).text

    assert reverse("directory_import:form") in home


def test_commit_refuses_an_actor_without_the_permission(make_user, unit_a):
    preview = directory_import_parse(
        kind="units", uploaded_file=xlsx_file([UNIT_HEADER, unit_row()])
    )

    with pytest.raises(PermissionDenied):
        directory_import_commit(actor=make_user("unit_staff", unit=unit_a), preview=preview)
    assert not Unit.objects.filter(code="QLKH").exists()


# --- Command -----------------------------------------------------------------------------------


def write_xlsx(path, rows):
    path.write_bytes(xlsx_file(rows).read())
    return str(path)


def test_command_imports_a_file(organisation, tmp_path, capsys):
    path = write_xlsx(tmp_path / "don-vi.xlsx", [UNIT_HEADER, unit_row(), unit_row(code="VP")])

    call_command("import_directory", "--kind", "units", path)

    assert "tạo mới 2, cập nhật 0" in capsys.readouterr().out
    assert set(Unit.objects.values_list("code", flat=True)) == {"QLKH", "VP"}


def test_command_dry_run_saves_nothing(organisation, tmp_path, capsys):
    path = write_xlsx(tmp_path / "don-vi.xlsx", [UNIT_HEADER, unit_row()])

    call_command("import_directory", "--kind", "units", path, "--dry-run")

    assert "tệp hợp lệ: sẽ tạo mới 1, cập nhật 0" in capsys.readouterr().out
    assert not Unit.objects.exists()


def test_command_prints_row_errors_and_fails(unit_a, tmp_path, capsys):
    path = write_xlsx(
        tmp_path / "can-bo.xlsx", [PERSON_HEADER, person_row(), person_row(unit="XYZ")]
    )

    with pytest.raises(CommandError) as raised:
        call_command("import_directory", "--kind", "people", path)

    assert "1 lỗi; chưa nhập gì cả" in str(raised.value)
    assert "Dòng 3, cột “Mã đơn vị”: Không có đơn vị nào mang mã “XYZ”" in capsys.readouterr().err
    assert not Person.objects.exists()


def test_command_has_help():
    from lantoa.directory.management.commands.import_directory import Command

    assert "XLSX or CSV" in Command.help
