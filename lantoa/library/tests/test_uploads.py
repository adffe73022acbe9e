"""Resumable uploads through the admin endpoints: chunks, resuming after a cut, other users'
sessions, bounded memory, refusals, clean-up of abandoned uploads."""

import hashlib
import tracemalloc
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from lantoa.library.models import Asset, AssetKind, UploadSession
from lantoa.library.tasks import upload_sessions_prune
from lantoa.library.tests import sample_files as files
from lantoa.library.uploads import READ_PIECE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vietnamese")]


@pytest.fixture
def staff(make_user, unit_a):
    return make_user("unit_staff", unit=unit_a)


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


class Body:
    """A request body produced on demand, `READ_PIECE`-sized at most, never held whole; it can
    break off after `cut_after` bytes like a dropped connection."""

    def __init__(self, data_at, start: int, length: int, cut_after: int | None = None):
        self.data_at, self.position, self.end = data_at, start, start + length
        self.cut_at = start + cut_after if cut_after is not None else None

    def read(self, size=-1):
        if self.cut_at is not None and self.position >= self.cut_at:
            raise OSError("connection reset by peer")
        stop = self.end if size is None or size < 0 else min(self.end, self.position + size)
        if self.cut_at is not None:
            stop = min(stop, self.cut_at)
        piece = self.data_at(self.position, stop - self.position)
        self.position = stop
        return piece

    def readline(self, size=-1):
        return self.read(size)


def bytes_source(content: bytes):
    return lambda offset, length: content[offset : offset + length]


def open_session(client, filename: str, size: int):
    response = client.post(
        reverse("library_upload_sessions"), {"filename": filename, "size": str(size)}
    )
    return response


def send_chunk(client, session, data_at, start, length, *, total=None, cut_after=None):
    """PUT one chunk, its body read from a stream (no copy of it in the test client)."""
    total = total if total is not None else session["size"]
    return client.generic(
        "PUT",
        session["urls"]["chunk"],
        b"",
        headers={"Content-Range": f"bytes {start}-{start + length - 1}/{total}"},
        CONTENT_TYPE="application/octet-stream",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": Body(data_at, start, length, cut_after)},
    )


def finish(client, session, unit, **fields):
    return client.post(
        session["urls"]["finish"],
        {"source_unit": unit.pk, "licence": "CC-BY-4.0", "language": "vi", **fields},
    )


@files.needs_ffmpeg
def test_an_interrupted_upload_resumes_and_gives_the_same_file(
    places, staff_client, unit_a, django_capture_on_commit_callbacks
):
    video = files.make_video(places / "phong-su.mp4").read_bytes()
    data_at, size, chunk = bytes_source(video), len(video), 8 * 1024
    session = open_session(staff_client, "Phóng sự đổi mới.mp4", size).json()

    # First chunk arrives; the second breaks off part-way, as a lost connection does.
    assert send_chunk(staff_client, session, data_at, 0, chunk).json()["received"] == chunk
    cut = send_chunk(staff_client, session, data_at, chunk, chunk, cut_after=3000)
    assert cut.status_code == 400
    # The browser asks how far it got and continues from there.
    status = staff_client.get(session["urls"]["status"]).json()
    assert status["received"] == chunk + 3000
    offset = status["received"]
    # A chunk from the wrong place is refused with the right offset.
    wrong = send_chunk(staff_client, session, data_at, 0, chunk)
    assert wrong.status_code == 409 and wrong.json()["received"] == offset
    while offset < size:
        length = min(chunk, size - offset)
        offset = send_chunk(staff_client, session, data_at, offset, length).json()["received"]

    with django_capture_on_commit_callbacks(execute=True):
        response = finish(staff_client, session, unit_a)
    assert response.status_code == 201, response.content
    asset = Asset.objects.get(pk=response.json()["asset"]["id"])
    assert response.json()["asset"]["title"] == "Phóng sự đổi mới"
    assert asset.kind == AssetKind.VIDEO
    stored = Path(asset.media.file.path).read_bytes()
    assert hashlib.sha256(stored).hexdigest() == hashlib.sha256(video).hexdigest() == asset.sha256
    asset.refresh_from_db()
    assert asset.duration_seconds == pytest.approx(2, abs=0.2)
    assert asset.media.thumbnail
    assert not UploadSession.objects.exists()
    assert list((places / "uploads").iterdir()) == []


def test_another_user_cannot_touch_a_session(places, client, staff_client, make_user, unit_a):
    content = files.pdf_bytes(["Trang 1"])
    session = open_session(staff_client, "so-tay.pdf", len(content)).json()
    send_chunk(staff_client, session, bytes_source(content), 0, 100)

    other = make_user("unit_staff", unit=unit_a)
    client.force_login(other)
    chunk = send_chunk(client, session, bytes_source(content), 100, 100)
    assert chunk.status_code == 404
    assert client.get(session["urls"]["status"]).status_code == 404
    assert client.delete(session["urls"]["status"]).status_code == 404
    assert finish(client, session, unit_a).status_code == 404
    assert UploadSession.objects.get().received_bytes == 100


def test_a_chunk_beyond_the_declared_size_is_refused(places, staff_client):
    session = open_session(staff_client, "so-tay.pdf", 1000).json()
    response = send_chunk(staff_client, session, bytes_source(bytes(2000)), 0, 1500, total=1500)
    assert response.status_code == 416
    assert UploadSession.objects.get().received_bytes == 0
    assert (places / "uploads" / f"{session['id']}.part").stat().st_size == 0


def test_a_size_over_every_limit_is_refused_before_any_byte_is_sent(places, staff_client):
    response = open_session(staff_client, "phim.mp4", 5 * 1024**3)
    assert response.status_code == 400
    assert "vượt mức lớn nhất được nhận" in response.json()["error"]
    assert not UploadSession.objects.exists()


def test_a_refused_file_is_reported_and_leaves_nothing(places, staff_client, unit_a):
    session = open_session(staff_client, "anh.jpg", len(files.ELF_PROGRAM)).json()
    send_chunk(staff_client, session, bytes_source(files.ELF_PROGRAM), 0, len(files.ELF_PROGRAM))
    response = finish(staff_client, session, unit_a)
    assert response.status_code == 400
    assert response.json()["code"] == "executable"
    assert "là một chương trình" in response.json()["error"]
    assert not Asset.objects.exists() and not UploadSession.objects.exists()
    assert [path for path in places.rglob("*") if path.is_file()] == []


def test_the_source_unit_must_be_the_users_own(places, staff_client, unit_b):
    content = files.jpeg_bytes()
    session = open_session(staff_client, "anh.jpg", len(content)).json()
    send_chunk(staff_client, session, bytes_source(content), 0, len(content))
    response = finish(staff_client, session, unit_b)
    assert response.status_code == 400
    assert not Asset.objects.exists()
    assert UploadSession.objects.filter(pk=session["id"]).exists()  # can finish with its unit


def test_cancelling_deletes_the_partial_file(places, staff_client):
    session = open_session(staff_client, "phim.mp4", 10_000).json()
    send_chunk(staff_client, session, bytes_source(bytes(10_000)), 0, 4000)
    assert staff_client.delete(session["urls"]["status"]).status_code == 204
    assert not UploadSession.objects.exists()
    assert list((places / "uploads").iterdir()) == []


def test_idle_sessions_are_pruned_with_their_files(places, staff_client):
    old = open_session(staff_client, "cu.mp4", 10_000).json()
    recent = open_session(staff_client, "moi.mp4", 10_000).json()
    UploadSession.objects.filter(pk=old["id"]).update(
        updated_at=timezone.now() - timedelta(hours=25)
    )
    upload_sessions_prune.enqueue()
    assert list(UploadSession.objects.values_list("filename", flat=True)) == ["moi.mp4"]
    assert [path.name for path in (places / "uploads").iterdir()] == [f"{recent['id']}.part"]


def test_uploading_needs_the_permission(places, client, make_user, unit_a):
    client.force_login(make_user("office", unit=unit_a))
    screen = client.get(reverse("library_upload"))
    assert screen.status_code == 302 and screen.url == reverse("wagtailadmin_home")
    assert open_session(client, "anh.jpg", 100).status_code == 403
    assert not UploadSession.objects.exists()


def test_the_upload_screen_offers_only_the_users_units(places, staff_client, unit_a, unit_b):
    response = staff_client.get(reverse("library_upload"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tải lên tài nguyên" in page
    assert f'value="{unit_a.pk}"' in page
    assert f'value="{unit_b.pk}"' not in page
    assert "library/js/upload.js" in page


def test_64_mb_in_chunks_costs_the_server_little_memory(
    places, staff_client, unit_a, django_capture_on_commit_callbacks
):
    """The chunks' bodies are streamed to disk: the view never holds a chunk, let alone the file.
    Measured with tracemalloc around the requests (the test client's own copies excluded: the
    bodies are generated as they are read)."""
    samples = 64 * 1024**2 - 44
    header = files.wav_header(samples)
    block = bytes(range(256)) * (2 * READ_PIECE // 256)

    def data_at(offset, length):  # byte i of the samples is i % 256; length ≤ READ_PIECE
        if offset < len(header):
            return (header + block)[offset : offset + length]
        start = (offset - len(header)) % 256
        return block[start : start + length]

    size, chunk = len(header) + samples, 8 * 1024**2
    session = open_session(staff_client, "ghi-am.wav", size).json()
    # Warm up: the first request loads code and templates that stay in memory.
    staff_client.get(session["urls"]["status"])
    send_chunk(staff_client, session, data_at, 0, READ_PIECE)

    tracemalloc.start()
    try:
        baseline, _peak = tracemalloc.get_traced_memory()
        offset = READ_PIECE
        while offset < size:
            length = min(chunk, size - offset)
            offset = send_chunk(staff_client, session, data_at, offset, length).json()["received"]
        with django_capture_on_commit_callbacks(execute=False):
            response = finish(staff_client, session, unit_a)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 201, response.content
    assert offset == size
    assert peak - baseline < 4 * 1024**2, f"{(peak - baseline) / 1024**2:.2f} MB"
