"""Bulk import from a ZIP archive or a folder with a manifest: the service, unsafe archives,
unit scoping, the admin screens (preview, report, XLSX) and the `import_library` command."""

import io
import stat
import struct
import zipfile
import zlib
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from lantoa.library.bulk_import import (
    MAX_ENTRIES,
    PackageRefused,
    bulk_import_check,
    bulk_import_run,
    manifest_read,
    package_open_folder,
    package_open_zip,
)
from lantoa.library.models import Asset, AssetKind, AssetStatus, UploadSession, Work
from lantoa.library.tests import sample_files as files
from lantoa.library.tests.catalogue_helpers import unit_collection_of
from lantoa.library.tests.manifests import csv_bytes, row, xlsx_bytes, zip_bytes
from lantoa.plans.models import NodeKind, PlanNode
from lantoa.plans.tests.factories import PlanFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vietnamese", "root")]

SAMPLE_FOLDER = (
    Path(settings.BASE_DIR) / "data" / "agencies" / "quang-ngai" / "library-import-sample"
)


def raw_zip(name: str, data: bytes, *, declared_size: int, crc: int) -> bytes:
    """A one-entry ZIP written by hand: `data` deflated with zlib, with whatever uncompressed
    size and CRC the headers should claim."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = compressor.compress(data) + compressor.flush()
    encoded = name.encode()
    fields = struct.pack("<HHHHHIII", 20, 0x800, 8, 0, 0x21, crc, len(packed), declared_size)
    local = b"PK\x03\x04" + fields + struct.pack("<HH", len(encoded), 0) + encoded
    central = (
        b"PK\x01\x02"
        + struct.pack("<H", 20)
        + fields
        + struct.pack("<HHHHHII", len(encoded), 0, 0, 0, 0, 0o100644 << 16, 0)
        + encoded
    )
    end = b"PK\x05\x06" + struct.pack(
        "<HHHHIIH", 0, 0, 1, 1, len(central), len(local) + len(packed), 0
    )
    return local + packed + central + end


def files_left(places) -> list[str]:
    return sorted(
        str(path.relative_to(places))
        for folder in ("media", "uploads")
        for path in (places / folder).rglob("*")
        if path.is_file()
    )


def nothing_stored(places) -> bool:
    return (
        files_left(places) == []
        and not Asset.objects.exists()
        and not get_image_model().objects.exists()
        and not get_document_model().objects.exists()
        and not UploadSession.objects.exists()
        and not Work.objects.exists()
    )


def run_zip(places, content: bytes, *, user, unit, manifest: bytes | None = None, **options):
    path = places / "incoming" / "goi.zip"
    path.write_bytes(content)
    manifest_file = SimpleUploadedFile("danh-muc.csv", manifest) if manifest else None
    with package_open_zip(path) as package:
        table = manifest_read(package=package, manifest_file=manifest_file)
        return bulk_import_run(user=user, unit=unit, table=table, package=package, **options)


@pytest.fixture
def task(organisation):
    plan = PlanFactory(organisation=organisation, code="kh-2725-2025")
    return PlanNode.objects.create(plan=plan, code="b", path="III.2.b", kind=NodeKind.TASK)


@pytest.fixture
def handbook_files():
    return {
        "anh/hoi-thao.jpg": files.jpeg_bytes(),
        "so-tay/so-tay-vi.pdf": files.pdf_bytes(["So tay chuyen doi so"]),
        "so-tay/handbook-en.docx": files.docx_bytes(["Digital transformation handbook"]),
    }


# --- the happy path -------------------------------------------------------------------------------


def test_a_zip_with_its_manifest_becomes_assets_with_their_records(
    places, staff_a, unit_a, root, task, handbook_files
):
    manifest = xlsx_bytes(
        [
            row(
                1,
                "anh/hoi-thao.jpg",
                "Hội thảo chuyển đổi số",
                description="Toàn cảnh hội thảo.",
                kind="Ảnh",
                creator="Trần Thị Bích",
                date=datetime(2025, 5, 18),  # noqa: DTZ001 (a date cell of the workbook)
                licence="CC BY-SA 4.0",
                attribution="Ảnh: Sở KH&CN Quảng Ngãi",
                topics="Chuyển đổi số; Nghị quyết 57",
                audiences="Người dân; can-bo-cong-chuc",
                tasks="III.2.b",
                people="có",
            ),
            row(
                2,
                "so-tay/so-tay-vi.pdf",
                "Sổ tay chuyển đổi số",
                kind="ấn phẩm",
                language="Tiếng Việt",
                date="01/06/2025",
                licence="Creative Commons Ghi công 4.0 (CC BY 4.0)",
                topics="Chuyển đổi số",
                work="Sổ tay chuyển đổi số",
            ),
            row(
                3,
                "so-tay\\handbook-en.docx",  # written the Windows way
                "Digital transformation handbook",
                kind="publication",
                language="en",
                date="2025-06-01",
                licence="cc-by-4.0",
                work="sổ tay chuyển đổi số",
            ),
        ]
    )
    package = zip_bytes({**handbook_files, "manifest.xlsx": manifest})

    report = run_zip(places, package, user=staff_a, unit=unit_a)

    assert [(line.line, line.outcome) for line in report.rows] == [
        (2, "imported"),
        (3, "imported"),
        (4, "imported"),
    ]
    photo = Asset.objects.get(title="Hội thảo chuyển đổi số")
    assert photo.kind == AssetKind.IMAGE
    assert photo.status == AssetStatus.DRAFT
    assert photo.description == "Toàn cảnh hội thảo."
    assert photo.creator == "Trần Thị Bích"
    assert photo.created_on == date(2025, 5, 18)
    assert photo.licence == "CC-BY-SA-4.0"
    assert photo.attribution == "Ảnh: Sở KH&CN Quảng Ngãi"
    assert sorted(tag.name for tag in photo.topics.all()) == ["Chuyển đổi số", "Nghị quyết 57"]
    assert sorted(photo.audiences.values_list("code", flat=True)) == [
        "can-bo-cong-chuc",
        "nguoi-dan",
    ]
    assert list(photo.plan_tasks.all()) == [task]
    assert photo.depicts_people is True
    assert photo.source_unit == unit_a
    assert photo.collection == unit_collection_of(root, unit_a)
    assert photo.uploaded_by == staff_a

    work = Work.objects.get()
    assert work.title == "Sổ tay chuyển đổi số"
    versions = {asset.language: asset for asset in work.versions.all()}
    assert set(versions) == {"vi", "en"}
    assert versions["vi"].kind == versions["en"].kind == AssetKind.PUBLICATION
    assert versions["vi"].mime_type == "application/pdf"
    assert versions["en"].mime_type.endswith("wordprocessingml.document")
    assert versions["vi"].licence == versions["en"].licence == "CC-BY-4.0"
    # Nothing extracted is left behind: only the stored files remain.
    assert [name for name in files_left(places) if name.startswith("uploads")] == []


def test_the_manifest_may_come_on_its_own_as_csv(places, staff_a, unit_a):
    manifest = csv_bytes([row(1, "hoi-thao.jpg", "Ảnh hội thảo", licence="Phạm vi công cộng")])

    report = run_zip(
        places, zip_bytes({"hoi-thao.jpg": files.jpeg_bytes()}), user=staff_a, unit=unit_a,
        manifest=manifest,
    )  # fmt: skip

    assert report.imported_count == 1
    assert Asset.objects.get().licence == "public-domain"


# --- rows refused, others imported --------------------------------------------------------------


def test_rows_with_a_bad_unit_licence_or_date_are_refused_and_the_others_imported(
    places, staff_a, unit_a
):
    entries = {
        f"anh-{number}.jpg": files.jpeg_bytes(files.picture(seed=number)) for number in range(5)
    }
    manifest = csv_bytes(
        [
            row(1, "anh-0.jpg", "Ảnh đúng", date="18/05/2025"),
            row(2, "anh-1.jpg", "Đơn vị sai", unit="KHONGCO"),
            row(3, "anh-2.jpg", "Giấy phép sai", licence="Giấy phép tự do"),
            row(4, "anh-3.jpg", "Ngày sai", date="31/02/2025"),
            row(5, "anh-4.jpg", "Ảnh mà ghi là video", kind="Video"),  # the content decides
        ]
    )
    path = places / "incoming" / "goi.zip"
    path.write_bytes(zip_bytes(entries))

    with package_open_zip(path) as package:
        table = manifest_read(package=package, manifest_file=SimpleUploadedFile("m.csv", manifest))
        preview = bulk_import_check(user=staff_a, unit=unit_a, table=table, package=package)
        assert Asset.objects.count() == 0  # the preview writes nothing
        errors = [(error.line, error.column, error.message) for error in preview.row_errors]
        assert errors == [
            (3, "Mã đơn vị", "Không có đơn vị nào mang mã “KHONGCO”."),
            (
                4,
                "Giấy phép",
                "Không rõ giấy phép “Giấy phép tự do”. Hãy dùng một trong các giấy phép: "
                "CC BY 4.0, CC BY-SA 4.0, CC BY-NC 4.0, CC0 1.0, Phạm vi công cộng, "
                "Bảo lưu mọi quyền.",
            ),
            (
                5,
                "Ngày",
                "“31/02/2025” không phải là ngày hợp lệ: hãy ghi theo dạng dd/mm/yyyy (ví dụ "
                "18/05/2025) hoặc yyyy-mm-dd.",
            ),
        ]
        report = bulk_import_run(user=staff_a, unit=unit_a, table=table, package=package)

    assert [(line.line, line.outcome) for line in report.rows] == [
        (2, "imported"),
        (3, "refused"),
        (4, "refused"),
        (5, "refused"),
        (6, "refused"),
    ]
    assert report.rows[1].reason == "Mã đơn vị: Không có đơn vị nào mang mã “KHONGCO”."
    assert report.rows[4].reason == "Không thể xếp tệp JPEG vào loại “Video”."
    assert list(Asset.objects.values_list("title", flat=True)) == ["Ảnh đúng"]


def test_a_renamed_program_is_refused_with_the_ingest_reason_and_leaves_nothing(
    places, staff_a, unit_a
):
    manifest = csv_bytes(
        [row(1, "anh-that.jpg", "Ảnh thật"), row(2, "anh-gia.jpg", "Chương trình đổi tên")]
    )
    package = zip_bytes({"anh-that.jpg": files.jpeg_bytes(), "anh-gia.jpg": files.ELF_PROGRAM})

    report = run_zip(places, package, user=staff_a, unit=unit_a, manifest=manifest)

    refused = report.rows[1]
    assert refused.outcome == "refused"
    assert refused.reason.startswith("Tệp này là một chương trình (Linux (ELF))")
    asset = Asset.objects.get()
    assert asset.title == "Ảnh thật"
    # Only the accepted photo was stored; nothing extracted is left in the upload folder.
    assert files_left(places) == [f"media/{asset.image.file.name}"]
    assert get_image_model().objects.count() == 1


def test_an_archive_lying_about_an_entrys_size_is_cut_off_while_extracting(places, staff_a, unit_a):
    # 8 MB of zeros that the archive says are 4 KB: the ratio it declares looks harmless.
    data = b"\x00" * (8 * 1024 * 1024)
    package = raw_zip("anh.jpg", data, declared_size=4096, crc=zlib.crc32(data))
    manifest = csv_bytes([row(1, "anh.jpg", "Bom nén")])

    report = run_zip(places, package, user=staff_a, unit=unit_a, manifest=manifest)

    assert report.rows[0].outcome == "refused"
    assert report.rows[0].reason == "Tệp này trong tệp nén bị hỏng, không giải nén được."
    assert nothing_stored(places)


# --- unsafe archives ---------------------------------------------------------------------------


def symlink_zip() -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        link = zipfile.ZipInfo("anh/lien-ket.jpg")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    return output.getvalue()


def bomb_zip() -> bytes:
    data = b"\x00" * (16 * 1024 * 1024)
    return raw_zip("anh.jpg", data, declared_size=len(data), crc=zlib.crc32(data))


UNSAFE_ARCHIVES = {
    "parent": (
        lambda: zip_bytes({"../evil.txt": b"x", "anh.jpg": b"y"}),
        "Tệp nén có mục mang đường dẫn trỏ ra ngoài tệp nén (“../evil.txt”): không nhận tệp nén "
        "như vậy.",
    ),
    "absolute": (
        lambda: zip_bytes({"/etc/cron.d/evil": b"x"}),
        "Tệp nén có mục mang đường dẫn tuyệt đối (“/etc/cron.d/evil”): không nhận tệp nén như "
        "vậy. Hãy để các tệp trong một thư mục rồi nén lại.",
    ),
    "symlink": (
        symlink_zip,
        "Tệp nén có liên kết tượng trưng (“anh/lien-ket.jpg”): không nhận tệp nén có liên kết. "
        "Hãy nén chính các tệp.",
    ),
    "bomb": (
        bomb_zip,
        "Mục “anh.jpg” trong tệp nén sẽ bung ra từ 15,9\xa0KB thành 16,0\xa0MB: tệp nén bị từ "
        "chối vì có thể là “bom nén” (ZIP bomb).",
    ),
    "too_many": (
        lambda: zip_bytes({f"tep-{number}.txt": b"" for number in range(MAX_ENTRIES + 1)}),
        "Tệp nén có 2.001 mục; chỉ nhận tối đa 2.000 mục. Hãy chia thành các tệp nén nhỏ hơn.",
    ),
}


@pytest.mark.parametrize("kind", list(UNSAFE_ARCHIVES))
def test_an_unsafe_archive_is_refused_whole_through_the_admin_and_leaves_nothing(
    client, places, staff_a, unit_a, kind
):
    build, message = UNSAFE_ARCHIVES[kind]
    client.force_login(staff_a)

    response = client.post(
        reverse("library_bulk_import:form"),
        {
            "source_unit": unit_a.pk,
            "package": SimpleUploadedFile("goi.zip", build(), content_type="application/zip"),
            "manifest": SimpleUploadedFile("danh-muc.csv", csv_bytes([row(1, "anh.jpg")])),
        },
    )

    assert response.status_code == 200
    assert message in response.context["form"].errors["package"]
    assert message in response.content.decode()
    assert nothing_stored(places)


def test_the_bomb_is_refused_from_the_central_directory_by_the_service_too(places):
    path = places / "incoming" / "bom.zip"
    path.write_bytes(bomb_zip())
    with pytest.raises(PackageRefused) as refused:
        package_open_zip(path)
    assert refused.value.code == "bomb"


# --- unit scoping -------------------------------------------------------------------------------


def test_unit_staff_cannot_import_into_another_unit(client, places, staff_a, unit_a, unit_b):
    path = places / "incoming" / "goi.zip"
    path.write_bytes(zip_bytes({"anh.jpg": files.jpeg_bytes()}))
    table_rows = csv_bytes([row(1, "anh.jpg", "Ảnh của đơn vị khác", unit="BCVT")])
    with package_open_zip(path) as package:
        table = manifest_read(
            package=package, manifest_file=SimpleUploadedFile("m.csv", table_rows)
        )
        with pytest.raises(PermissionDenied):
            bulk_import_check(user=staff_a, unit=unit_b, table=table, package=package)
        preview = bulk_import_check(user=staff_a, unit=unit_a, table=table, package=package)
        report = bulk_import_run(user=staff_a, unit=unit_a, table=table, package=package)
    assert [str(error) for error in preview.row_errors] == [
        "Dòng 2, cột “Mã đơn vị”: Anh/chị chỉ được nhập vào đơn vị của mình (TTCĐS), không "
        "được nhập vào “BCVT”."
    ]
    assert report.imported_count == 0

    client.force_login(staff_a)
    response = client.post(
        reverse("library_bulk_import:form"),
        {"source_unit": unit_b.pk, "package": SimpleUploadedFile("goi.zip", path.read_bytes())},
    )
    assert response.status_code == 200
    assert "source_unit" in response.context["form"].errors
    assert nothing_stored(places)


def test_those_who_see_every_unit_may_import_into_any(places, make_user, unit_a, unit_b):
    administrator = make_user("system_admin")
    manifest = csv_bytes([row(1, "anh.jpg", "Ảnh của BCVT", unit="bcvt")])

    report = run_zip(
        places, zip_bytes({"anh.jpg": files.jpeg_bytes()}), user=administrator, unit=unit_a,
        manifest=manifest,
    )  # fmt: skip

    assert report.imported_count == 1
    assert Asset.objects.get().source_unit == unit_b


# --- the admin screens --------------------------------------------------------------------------


def test_the_admin_preview_import_and_report(client, places, staff_a, unit_a, handbook_files):
    client.force_login(staff_a)
    page = client.get(reverse("library_bulk_import:form")).content.decode()
    assert "Nhập hàng loạt" in page
    assert reverse("library_bulk_import:template") in page
    manifest = csv_bytes(
        [
            row(1, "anh/hoi-thao.jpg", "Hội thảo", topics="Chuyển đổi số"),
            row(2, "so-tay/so-tay-vi.pdf", "Sổ tay", language="Tiếng Klingon"),
        ]
    )

    response = client.post(
        reverse("library_bulk_import:form"),
        {
            "source_unit": unit_a.pk,
            "package": SimpleUploadedFile("tu-lieu.zip", zip_bytes(handbook_files)),
            "manifest": SimpleUploadedFile("danh-muc.csv", manifest),
        },
    )
    assert response.status_code == 302
    preview_url = response["Location"]

    preview = client.get(preview_url)
    content = preview.content.decode()
    assert preview.status_code == 200
    assert "tu-lieu.zip" in content
    assert "1 dòng sẵn sàng để nhập." in content
    assert "Không rõ ngôn ngữ “Tiếng Klingon”." in content
    # A file of the archive that no row names is pointed out.
    assert "so-tay/handbook-en.docx" in content
    assert Asset.objects.count() == 0

    response = client.post(preview_url, {"action": "import"})
    assert response.status_code == 302
    report = client.get(response["Location"])
    content = report.content.decode()
    asset = Asset.objects.get()
    assert "Đã nhập" in content
    assert "Bị từ chối" in content
    assert reverse("library_assets:edit", args=[asset.pk]) in content
    # The archive is gone once imported.
    assert not UploadSession.objects.exists()
    assert [name for name in files_left(places) if name.startswith("uploads")] == []

    download = client.get(response["Location"] + "xlsx/")
    sheet = openpyxl.load_workbook(io.BytesIO(download.content)).active
    lines = [[cell.value for cell in line] for line in sheet.iter_rows()]
    assert lines[0] == ["Dòng", "Tệp", "Tiêu đề", "Kết quả", "Lý do", "Địa chỉ"]
    assert lines[1][:4] == [2, "anh/hoi-thao.jpg", "Hội thảo", "Đã nhập"]
    assert lines[1][5].endswith(f"/admin/library/assets/edit/{asset.pk}/")
    assert lines[2][3] == "Bị từ chối"
    assert lines[2][4].startswith("Ngôn ngữ: Không rõ ngôn ngữ “Tiếng Klingon”.")


def test_a_large_archive_arrives_through_the_resumable_upload(client, places, staff_a, unit_a):
    client.force_login(staff_a)
    manifest = csv_bytes([row(1, "anh.jpg", "Ảnh gửi từng phần")])
    package = zip_bytes({"anh.jpg": files.jpeg_bytes(), "manifest.csv": manifest})
    session = client.post(
        reverse("library_upload_sessions"), {"filename": "lon.zip", "size": len(package)}
    ).json()
    half = len(package) // 2
    for start, end in ((0, half), (half, len(package))):
        client.generic(
            "PUT",
            session["urls"]["chunk"],
            package[start:end],
            CONTENT_TYPE="application/octet-stream",
            headers={"Content-Range": f"bytes {start}-{end - 1}/{len(package)}"},
        )

    response = client.post(
        reverse("library_bulk_import:form"),
        {"source_unit": unit_a.pk, "upload_session": session["id"]},
    )
    assert response.status_code == 302
    client.post(response["Location"], {"action": "import"})

    assert Asset.objects.get().title == "Ảnh gửi từng phần"
    assert not UploadSession.objects.exists()


def test_cancelling_the_preview_deletes_the_archive(client, places, staff_a, unit_a):
    client.force_login(staff_a)
    response = client.post(
        reverse("library_bulk_import:form"),
        {
            "source_unit": unit_a.pk,
            "package": SimpleUploadedFile("goi.zip", zip_bytes({"anh.jpg": files.jpeg_bytes()})),
            "manifest": SimpleUploadedFile("m.csv", csv_bytes([row(1, "anh.jpg")])),
        },
    )
    assert UploadSession.objects.count() == 1

    client.post(response["Location"], {"action": "cancel"})

    assert nothing_stored(places)


def test_a_manifest_without_the_file_column_keeps_the_archive_for_a_corrected_one(
    client, places, staff_a, unit_a
):
    client.force_login(staff_a)
    response = client.post(
        reverse("library_bulk_import:form"),
        {
            "source_unit": unit_a.pk,
            "package": SimpleUploadedFile("goi.zip", zip_bytes({"anh.jpg": files.jpeg_bytes()})),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["manifest"] == [
        "Thiếu tệp danh mục: hãy gửi kèm tệp XLSX hoặc CSV liệt kê các tệp, hoặc đặt tệp đó ở "
        "cấp ngoài cùng của tệp nén với tên manifest.xlsx hoặc manifest.csv."
    ]
    kept = UploadSession.objects.get()
    assert response.context["kept_package"] == kept

    response = client.post(
        reverse("library_bulk_import:form"),
        {
            "source_unit": unit_a.pk,
            "upload_session": str(kept.pk),
            "manifest": SimpleUploadedFile("m.csv", csv_bytes([row(1, "anh.jpg")])),
        },
    )
    assert response.status_code == 302


def test_the_bulk_import_needs_the_permission_to_add_assets(client, make_user, places):
    client.force_login(make_user("office"))
    assert client.get(reverse("library_bulk_import:form")).status_code == 403
    assert client.get(reverse("library_bulk_import:template")).status_code == 403


def test_the_template_is_a_manifest_the_import_reads(client, places, staff_a, unit_a, task):
    client.force_login(staff_a)
    template = client.get(reverse("library_bulk_import:template")).content
    package = {
        "anh/hoi-thao-chuyen-doi-so.jpg": files.jpeg_bytes(),
        "so-tay/so-tay-chuyen-doi-so.pdf": files.pdf_bytes(["So tay"]),
        "so-tay/digital-transformation-handbook.pdf": files.pdf_bytes(["Handbook"]),
        "manifest.xlsx": template,
    }
    path = places / "incoming" / "mau.zip"
    path.write_bytes(zip_bytes(package))

    with package_open_zip(path) as opened:
        table = manifest_read(package=opened)
        preview = bulk_import_check(user=staff_a, unit=unit_a, table=table, package=opened)

    assert table.headers[:3] == ["Tên tệp", "Tiêu đề", "Mô tả"]
    assert (preview.ready_count, preview.row_errors) == (3, [])


# --- the command ----------------------------------------------------------------------------------


def test_the_command_imports_a_zip_and_exits_1_when_a_row_is_refused(places, staff_a, unit_a):
    path = places / "incoming" / "goi.zip"
    manifest = csv_bytes([row(1, "anh.jpg", "Ảnh tốt"), row(2, "thieu.jpg", "Tệp thiếu")])
    path.write_bytes(zip_bytes({"anh.jpg": files.jpeg_bytes(), "manifest.csv": manifest}))
    output = io.StringIO()

    with pytest.raises(CommandError) as failed:
        call_command(
            "import_library", "--zip", str(path), "--unit", "ttcđs", "--user", "canbo_a",
            stdout=output,
        )  # fmt: skip

    assert failed.value.returncode == 1
    asset = Asset.objects.get()
    assert output.getvalue().splitlines() == [
        f"Dòng 2 — anh.jpg: đã nhập thành “Ảnh tốt” (tài nguyên số {asset.pk})",
        "Dòng 3 — thieu.jpg: bị từ chối: Tên tệp: Không có tệp “thieu.jpg” trong tệp nén hoặc "
        "thư mục.",
        "Đã nhập 1, từ chối 1.",
    ]


def test_the_command_imports_a_folder_in_place_and_a_dry_run_imports_nothing(
    places, staff_a, unit_a
):
    folder = places / "incoming" / "tu-lieu"
    (folder / "anh").mkdir(parents=True)
    (folder / "anh" / "hoi-thao.jpg").write_bytes(files.jpeg_bytes())
    manifest = places / "incoming" / "danh-muc.csv"
    manifest.write_bytes(csv_bytes([row(1, "anh/hoi-thao.jpg", "Ảnh trong thư mục")]))
    arguments = ["--folder", str(folder), "--manifest", str(manifest)]
    arguments += ["--unit", "TTCĐS", "--user", "canbo_a"]

    output = io.StringIO()
    call_command("import_library", *arguments, "--dry-run", stdout=output)
    assert "Dòng 2 — anh/hoi-thao.jpg: sẵn sàng" in output.getvalue()
    assert not Asset.objects.exists()

    call_command("import_library", *arguments, stdout=io.StringIO())
    assert Asset.objects.get().title == "Ảnh trong thư mục"
    assert (folder / "anh" / "hoi-thao.jpg").exists()  # the folder is left as it was


def test_the_command_refuses_a_path_out_of_the_folder(places, staff_a, unit_a):
    folder = places / "incoming" / "tu-lieu"
    folder.mkdir()
    (places / "incoming" / "bi-mat.jpg").write_bytes(files.jpeg_bytes())
    (folder / "lien-ket.jpg").symlink_to(places / "incoming" / "bi-mat.jpg")
    (folder / "manifest.csv").write_bytes(
        csv_bytes([row(1, "../bi-mat.jpg"), row(2, "lien-ket.jpg")])
    )
    output = io.StringIO()

    with pytest.raises(CommandError):
        call_command(
            "import_library", "--folder", str(folder), "--unit", "TTCĐS", "--user", "canbo_a",
            stdout=output,
        )  # fmt: skip

    assert not Asset.objects.exists()
    assert output.getvalue().splitlines() == [
        "Dòng 2 — ../bi-mat.jpg: bị từ chối: Tên tệp: Đường dẫn phải nằm trong tệp nén hoặc thư "
        "mục: không dùng “..” và không bắt đầu bằng “/”.",
        "Dòng 3 — lien-ket.jpg: bị từ chối: Tên tệp: “lien-ket.jpg” là liên kết hoặc trỏ ra ngoài "
        "thư mục nên không được nhập.",
        "Đã nhập 0, từ chối 2.",
    ]


def test_the_sample_manifest_checks_clean(organisation, unit_a, make_user, task):
    admin = make_user("system_admin", username="quantri")
    output = io.StringIO()
    with package_open_folder(SAMPLE_FOLDER) as package:
        assert package.entry("manifest.csv") is not None
    call_command(
        "import_library", "--folder", str(SAMPLE_FOLDER), "--unit", "TTCĐS", "--user",
        admin.username, "--dry-run", stdout=output,
    )  # fmt: skip
    assert "0 dòng có lỗi" in output.getvalue()
