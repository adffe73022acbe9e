"""Images uploaded through the admin are checked by their content, with Vietnamese reasons."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection


def _png(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "#1565c0").save(buffer, "PNG")
    return buffer.getvalue()


def _upload(client, name: str, content: bytes):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Ảnh tải lên",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile(name, content),
        },
    )


@pytest.fixture
def editor_client(client, make_user):
    client.force_login(make_user("editor"))
    return client


@pytest.mark.django_db
def test_a_real_image_is_accepted(editor_client):
    response = _upload(editor_client, "hoi-thao.png", _png())
    assert response.status_code == 302
    assert get_image_model().objects.filter(title="Ảnh tải lên").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bao-cao.jpg", b"%PDF-1.7 not an image", "Hãy tải lên một ảnh hợp lệ"),
        ("script.png", b"<script>alert(1)</script>", "không khớp với định dạng thật"),
        ("anh.jpg", _png(), "phần mở rộng không khớp với định dạng thật của tệp"),
        ("bieu-do.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "Định dạng ảnh này"),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused(editor_client, name, content, message):
    response = _upload(editor_client, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not get_image_model().objects.exists()


@pytest.mark.django_db
@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=1024)
def test_an_oversize_image_is_refused_in_vietnamese(editor_client):
    response = _upload(editor_client, "lon.png", _png(size=(400, 400)) + b"\0" * 2048)
    assert "Tệp quá lớn" in response.content.decode()
    assert not get_image_model().objects.exists()


@pytest.mark.django_db
@override_settings(WAGTAILIMAGES_MAX_IMAGE_PIXELS=1000)
def test_a_decompression_bomb_is_refused(editor_client):
    response = _upload(editor_client, "bom.png", _png(size=(100, 100)))
    assert "quá nhiều điểm ảnh" in response.content.decode()
    assert not get_image_model().objects.exists()
