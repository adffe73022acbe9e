"""An unreleased asset's files (original, renditions, video, poster) are not served to the
public at their /media/ URLs; staff who may see the asset still open them in the admin."""

import pytest
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from lantoa.library.models import AssetKind, AssetStatus
from lantoa.library.services import asset_release, asset_withdraw

pytestmark = pytest.mark.django_db


def media_url(name: str) -> str:
    return "/media/" + name


def image_urls(asset) -> list[str]:
    rendition = asset.image.get_rendition("fill-4x4")
    many = asset.image.get_renditions("max-6x6", "max-5x5")  # made in one bulk insert
    return [
        media_url(asset.image.file.name),
        rendition.url,
        *(item.url for item in many.values()),
    ]


def test_public_cannot_open_a_draft_image_or_its_renditions(client, places, add):
    asset = add(kind=AssetKind.IMAGE, status=AssetStatus.DRAFT, title="Ảnh nháp")
    for url in image_urls(asset):
        assert client.get(url).status_code == 404, url


def test_staff_of_the_unit_open_a_draft_image_privately(client, places, add, staff_a, staff_b):
    asset = add(kind=AssetKind.IMAGE, status=AssetStatus.DRAFT, title="Ảnh nháp")
    urls = image_urls(asset)
    client.force_login(staff_a)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]
    client.force_login(staff_b)
    assert client.get(urls[0]).status_code == 404


def test_release_opens_the_files_and_withdrawal_closes_them(client, places, add, editor):
    asset = add(kind=AssetKind.IMAGE, status=AssetStatus.DRAFT, title="Ảnh sự kiện")
    urls = image_urls(asset)
    asset_release(asset, editor)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "private" not in response.get("Cache-Control", "")
    asset_withdraw(asset, editor, reason="Sai thông tin")
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_draft_video_and_its_poster_are_not_public(client, places, add):
    asset = add(kind=AssetKind.VIDEO, status=AssetStatus.DRAFT, title="Phóng sự nháp")
    poster = get_image_model().objects.create(title="poster", file=get_test_image_file())
    asset.preview_image = poster
    asset.save()
    assert client.get(media_url(asset.media.file.name)).status_code == 404
    assert client.get(media_url(poster.file.name)).status_code == 404
    assert client.get(poster.get_rendition("max-10x10").url).status_code == 404


def test_released_video_and_images_outside_the_repository_are_public(client, places, add):
    asset = add(kind=AssetKind.VIDEO, title="Phóng sự")
    portal_image = get_image_model().objects.create(
        title="ảnh bài viết", file=get_test_image_file()
    )
    assert client.get(media_url(asset.media.file.name)).status_code == 200
    assert client.get(media_url(portal_image.file.name)).status_code == 200
    assert client.get(portal_image.get_rendition("max-10x10").url).status_code == 200


def test_document_files_are_served_only_through_the_documents_view(client, places, add):
    asset = add(kind=AssetKind.DOCUMENT, title="Sổ tay")
    assert client.get(media_url(asset.document.file.name)).status_code == 404
    assert client.get(asset.document.url).status_code == 200
