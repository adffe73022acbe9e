"""asset_ingest: files are taken in by their content, bad ones refused with a Vietnamese reason
and nothing left behind; derivatives are made in the background right after."""

import hashlib
import time
import tracemalloc
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtailmedia.models import Media

from lantoa.library import renditions
from lantoa.library.duplicates import near_duplicates
from lantoa.library.ingest import IngestRefused, asset_ingest
from lantoa.library.models import Asset, AssetKind, AssetStatus
from lantoa.library.selectors import catalogue_search
from lantoa.library.tests import sample_files as files

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vietnamese")]


@pytest.fixture
def uploader(make_user, unit_a):
    return make_user("unit_staff", unit=unit_a)


def incoming(places, name: str, content: bytes):
    path = places / "incoming" / name
    path.write_bytes(content)
    return path


def ingest(places, uploader, unit, name: str, content: bytes | None = None, **fields):
    path = places / "incoming" / name
    if content is not None:
        path.write_bytes(content)
    return asset_ingest(path=path, filename=name, uploaded_by=uploader, source_unit=unit, **fields)


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
        and not Media.objects.exists()
    )


def refusal(places, uploader, unit, name, content=None, **fields) -> IngestRefused:
    with pytest.raises(IngestRefused) as caught:
        ingest(places, uploader, unit, name, content, **fields)
    return caught.value


# --- accepted files ----------------------------------------------------------------------------


def test_a_photo_becomes_a_draft_image_asset_stored_once(
    places, uploader, unit_a, django_capture_on_commit_callbacks
):
    content = files.jpeg_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        asset = ingest(places, uploader, unit_a, "hoi-thao_chuyen-doi-so.jpg", content)

    asset.refresh_from_db()
    assert asset.kind == AssetKind.IMAGE
    assert asset.status == AssetStatus.DRAFT
    assert asset.title == "hoi thao chuyen doi so"
    assert asset.source_unit == unit_a
    assert asset.uploaded_by == uploader
    assert (asset.width, asset.height, asset.mime_type) == (320, 240, "image/jpeg")
    stored = asset.image.file.read()
    assert hashlib.sha256(stored).hexdigest() == asset.sha256
    assert len(asset.perceptual_hash) == 16
    # Renditions the pages show were made right away, in the background job.
    assert asset.processed_at is not None
    assert renditions.asset_picture_url(asset, renditions.CARD)
    assert renditions.asset_picture_url(asset, renditions.PREVIEW)


def test_the_location_is_removed_and_the_caption_creator_and_date_are_read(
    places, uploader, unit_a
):
    asset = ingest(places, uploader, unit_a, "anh.jpg", files.jpeg_with_location())

    assert asset.description == "Hội thảo chuyển đổi số tại Quảng Ngãi"  # XMP first
    assert asset.creator == "Trần Thị Bích"
    assert asset.attribution == "© Sở KH&CN Quảng Ngãi"
    assert asset.created_on == date(2025, 5, 18)
    stored = asset.image.file.path
    with Image.open(stored) as image:
        image.load()
        exif = image.getexif()
        assert exif.get_ifd(0x8825) == {}  # no GPS
        assert exif.get(0x013B) is not None  # the rest of EXIF is kept
        assert b"GPS" not in image.info["xmp"]
        assert "Quảng Ngãi</photoshop:City>".encode() not in image.info["xmp"]
    raw = Path(stored).read_bytes()
    assert b"108,48" not in raw and b"15,7.5N" not in raw
    assert image.size == (320, 240)


def test_fields_given_are_kept_over_what_the_file_says(places, uploader, unit_a):
    asset = ingest(
        places,
        uploader,
        unit_a,
        "anh.jpg",
        files.jpeg_with_location(),
        title="Hội nghị tổng kết",
        description="Mô tả của cán bộ",
        kind=AssetKind.INFOGRAPHIC,
        topics=["Chuyển đổi số"],
    )
    assert asset.title == "Hội nghị tổng kết"
    assert asset.description == "Mô tả của cán bộ"
    assert asset.creator == "Trần Thị Bích"
    assert asset.kind == AssetKind.INFOGRAPHIC
    assert [tag.name for tag in asset.topics.all()] == ["Chuyển đổi số"]


def test_exif_alone_gives_caption_and_creator(places, uploader, unit_a):
    content = files.jpeg_bytes(exif=files.exif_with_location())
    asset = ingest(places, uploader, unit_a, "exif.jpg", content)
    assert asset.description == "Ảnh EXIF: hội nghị"
    assert asset.creator == "Nguyễn Văn An"
    assert asset.created_on == date(2025, 5, 18)
    with Image.open(asset.image.file.path) as image:
        assert image.getexif().get_ifd(0x8825) == {}


def test_a_near_duplicate_image_is_found_and_others_are_not(places, uploader, unit_a):
    original = ingest(places, uploader, unit_a, "goc.jpg", files.jpeg_bytes(quality=95))
    smaller = files.picture().resize((160, 120))
    copy = ingest(places, uploader, unit_a, "ban-sao.jpg", files.jpeg_bytes(smaller, quality=60))
    other = ingest(places, uploader, unit_a, "khac.png", files.png_bytes(files.picture(seed=3)))

    found = near_duplicates(copy)
    assert [item.asset for item in found] == [original]
    assert found[0].distance <= 4
    assert other not in [item.asset for item in near_duplicates(original)]


def test_a_pdf_gives_its_pages_text_and_first_page_and_is_found_by_search(
    places, uploader, unit_a, django_capture_on_commit_callbacks
):
    content = files.pdf_bytes(["So tay chuyen doi so cap xa", "Huong dan su dung dich vu cong"])
    with django_capture_on_commit_callbacks(execute=True):
        asset = ingest(places, uploader, unit_a, "so-tay.pdf", content, kind="publication")

    asset.refresh_from_db()
    assert (asset.kind, asset.mime_type) == (AssetKind.PUBLICATION, "application/pdf")
    assert asset.page_count == 2
    assert "Huong dan su dung dich vu cong" in asset.extracted_text
    assert asset.preview_image is not None
    assert renditions.document_thumbnail_url(asset)
    # Catalogue cards crop the page to 3:2 around its top, where a cover has its title.
    page = asset.preview_image
    assert page.get_focal_point().top == 0 and page.get_focal_point().bottom < page.height / 2
    # Once released, the public finds it by words that are only in the PDF's text.
    asset.status = AssetStatus.RELEASED
    asset.save()
    assert catalogue_search(query="dịch vụ công").assets == [asset]


def test_a_docx_gives_its_text(places, uploader, unit_a, django_capture_on_commit_callbacks):
    content = files.docx_bytes(["Tài liệu hướng dẫn", "Chuyển đổi số"])
    with django_capture_on_commit_callbacks(execute=True):
        asset = ingest(places, uploader, unit_a, "huong-dan.docx", content)
    asset.refresh_from_db()
    assert asset.kind == AssetKind.DOCUMENT
    assert asset.extracted_text == "Tài liệu hướng dẫn\nChuyển đổi số"


def test_a_spreadsheet_gives_its_text(places, uploader, unit_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        asset = ingest(places, uploader, unit_a, "chi-tieu.xlsx", files.xlsx_bytes())
    asset.refresh_from_db()
    assert asset.mime_type.endswith("spreadsheetml.sheet")
    assert asset.extracted_text == "Chỉ tiêu\nGiá trị\nSố tin bài & ảnh"


@files.needs_ffmpeg
def test_a_video_gets_its_duration_and_poster_frame(
    places, uploader, unit_a, django_capture_on_commit_callbacks
):
    files.make_video(places / "incoming" / "phong-su.mp4")
    with django_capture_on_commit_callbacks(execute=True):
        asset = ingest(places, uploader, unit_a, "phong-su.mp4")

    asset.refresh_from_db()
    assert (asset.kind, asset.mime_type) == (AssetKind.VIDEO, "video/mp4")
    assert asset.duration_seconds == pytest.approx(2, abs=0.2)
    assert asset.duration_display == "0:02"
    assert (asset.width, asset.height) == (160, 120)
    assert asset.media.type == "video"
    with Image.open(asset.media.thumbnail.path) as poster:
        assert poster.format == "JPEG" and poster.size == (160, 120)
    assert renditions.asset_picture_url(asset, renditions.CARD)


@files.needs_ffmpeg
def test_audio_gets_its_duration(places, uploader, unit_a):
    files.make_audio(places / "incoming" / "ban-tin.mp3")
    asset = ingest(places, uploader, unit_a, "ban-tin.mp3")
    assert (asset.kind, asset.mime_type) == (AssetKind.AUDIO, "audio/mpeg")
    assert asset.duration_seconds == pytest.approx(2, abs=0.2)
    assert asset.media.type == "audio"


# --- refused files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [("anh.jpg", files.ELF_PROGRAM), ("bao-cao.pdf", files.PE_PROGRAM)],
)
def test_a_renamed_program_is_refused(places, uploader, unit_a, name, content):
    refused = refusal(places, uploader, unit_a, name, content)
    assert refused.code == "executable"
    assert "là một chương trình" in refused.messages[0]
    assert nothing_stored(places)


@files.needs_ffmpeg
@pytest.mark.parametrize("faststart", [False, True], ids=["index-at-end", "index-first"])
def test_a_truncated_video_is_refused(places, uploader, unit_a, faststart):
    whole = files.make_video(places / "whole.mp4", faststart=faststart)
    files.cut(whole, places / "incoming" / "phong-su.mp4")
    refused = refusal(places, uploader, unit_a, "phong-su.mp4")
    assert refused.code == "truncated"
    assert "bị hỏng hoặc không đầy đủ" in refused.messages[0]
    assert nothing_stored(places)


def test_a_50000_pixel_square_png_is_refused_at_once_without_decoding(places, uploader, unit_a):
    content = files.png_header_only(50_000, 50_000)
    assert len(content) < 200
    tracemalloc.start()
    started = time.perf_counter()
    try:
        refused = refusal(places, uploader, unit_a, "bieu-do.png", content)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 2
    assert peak < 20 * 1024 * 1024  # decoding would need 7.5 GB
    assert refused.code == "pixels"
    assert "quá nhiều điểm ảnh" in refused.messages[0]
    assert nothing_stored(places)


@pytest.mark.parametrize("name", ["bieu-do.svg", "bieu-do.png"])
def test_an_svg_with_script_is_refused_whatever_its_name(places, uploader, unit_a, name):
    refused = refusal(places, uploader, unit_a, name, files.SVG_WITH_SCRIPT)
    assert refused.code == "svg"
    assert "Không nhận ảnh SVG" in refused.messages[0]
    assert nothing_stored(places)


def test_an_exact_duplicate_is_refused_naming_the_asset_it_repeats(
    places, uploader, unit_a, make_user, unit_b
):
    first = ingest(places, uploader, unit_a, "anh.jpg", files.jpeg_bytes(), title="Lễ ra quân")
    stored_before = files_left(places)

    other_unit_user = make_user("unit_staff", unit=unit_b)
    refused = refusal(places, other_unit_user, unit_b, "ten-khac.jpg", files.jpeg_bytes())
    assert refused.code == "duplicate"
    assert refused.duplicate_of == first
    assert "đã có trong kho" in refused.messages[0]
    assert "“Lễ ra quân”" in refused.messages[0]
    assert Asset.objects.count() == 1
    assert files_left(places) == stored_before


def test_an_image_under_the_wrong_extension_is_refused(places, uploader, unit_a):
    refused = refusal(places, uploader, unit_a, "anh.jpg", files.png_bytes())
    assert refused.code == "extension"
    assert "không khớp với định dạng thật" in refused.messages[0]
    assert nothing_stored(places)


def test_a_file_over_its_type_limit_is_refused(places, uploader, unit_a, settings):
    settings.LIBRARY_MAX_BYTES = {**settings.LIBRARY_MAX_BYTES, "image": 1000}
    refused = refusal(places, uploader, unit_a, "anh.jpg", files.jpeg_bytes())
    assert refused.code == "too_large"
    assert "lớn nhất được nhận" in refused.messages[0]
    assert nothing_stored(places)


def test_a_damaged_image_is_refused(places, uploader, unit_a):
    content = files.jpeg_bytes()
    refused = refusal(places, uploader, unit_a, "anh.jpg", content[: len(content) // 3])
    assert refused.code == "damaged"
    assert nothing_stored(places)


def test_a_document_with_macros_is_refused(places, uploader, unit_a):
    content = files.docx_bytes(["Báo cáo"], with_macro=True)
    refused = refusal(places, uploader, unit_a, "bao-cao.docx", content)
    assert refused.code == "macro"
    assert "macro" in refused.messages[0]
    assert nothing_stored(places)


def test_a_truncated_pdf_is_refused(places, uploader, unit_a):
    content = files.pdf_bytes(["Trang 1"])
    refused = refusal(places, uploader, unit_a, "so-tay.pdf", content[:-40])
    assert refused.code == "truncated"
    assert nothing_stored(places)


def test_unknown_content_is_refused(places, uploader, unit_a):
    refused = refusal(places, uploader, unit_a, "ghi-chu.txt", "Ghi chú cuộc họp".encode())
    assert refused.code == "unsupported"
    assert "Không nhận loại tệp này" in refused.messages[0]
    assert nothing_stored(places)


def test_a_kind_that_does_not_fit_the_content_is_refused(places, uploader, unit_a):
    refused = refusal(places, uploader, unit_a, "anh.jpg", files.jpeg_bytes(), kind="video")
    assert refused.code == "kind"
    assert nothing_stored(places)


def test_a_failure_while_saving_leaves_no_file(places, uploader, unit_a, monkeypatch):
    def broken_save(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Asset, "save", broken_save)
    with pytest.raises(RuntimeError):
        ingest(places, uploader, unit_a, "anh.jpg", files.jpeg_bytes())
    assert nothing_stored(places)


def test_a_moved_file_goes_back_where_it_was_when_saving_fails(
    places, uploader, unit_a, monkeypatch
):
    path = incoming(places, "so-tay.pdf", files.pdf_bytes(["Trang 1"]))
    monkeypatch.setattr(Asset, "save", lambda *args, **kwargs: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        asset_ingest(
            path=path,
            filename="so-tay.pdf",
            uploaded_by=uploader,
            source_unit=unit_a,
            move_file=True,
        )
    assert path.exists()
    assert nothing_stored(places)


def test_a_moved_file_is_not_copied(places, uploader, unit_a):
    path = incoming(places, "so-tay.pdf", files.pdf_bytes(["Trang 1"]))
    asset = asset_ingest(
        path=path, filename="so-tay.pdf", uploaded_by=uploader, source_unit=unit_a, move_file=True
    )
    assert not path.exists()
    assert Path(asset.document.file.path).read_bytes().startswith(b"%PDF")
