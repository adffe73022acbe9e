"""A unit's officer uploads files to the resource repository through "Tải lên tài nguyên":
several files at once, one of them cut off by the network on its first try, and sees each
file's result (the new asset, or why it was refused).

Elements are found by names, data attributes and hrefs, never by visible text.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from lantoa.directory.tests.factories import TEST_PASSWORD
from lantoa.library.models import Asset, AssetKind, UploadSession
from lantoa.library.tests import sample_files as files

from .wagtail_admin import admin_login, fresh_database, network_drops_first, sidebar_menu


@pytest.mark.browser
@fresh_database
def test_unit_staff_upload_several_files_and_see_each_result(
    places, make_user, unit_a, page, live_server, browser_log, shots_dir
):
    make_user("unit_staff", unit=unit_a, username="canbo")
    admin_login(page, base_url=live_server.url, username="canbo", password=TEST_PASSWORD)
    upload_url = reverse("library_upload")
    assert upload_url in sum(sidebar_menu(page).values(), [])
    page.goto(live_server.url + upload_url)

    # The network drops the first chunk ever sent; the page resumes on its own.
    dropped = network_drops_first(page, "**/chunk/")  # the page must resume on its own
    page.locator("select[name=language]").select_option("vi")
    page.locator("[data-file-input]").set_input_files(
        files=[
            {"name": "le-ra-quan.jpg", "mimeType": "image/jpeg", "buffer": files.jpeg_bytes()},
            {
                "name": "so-tay-chuyen-doi-so.pdf",
                "mimeType": "application/pdf",
                "buffer": files.pdf_bytes(["So tay chuyen doi so"]),
            },
            {"name": "bieu-do.svg", "mimeType": "image/svg+xml", "buffer": files.SVG_WITH_SCRIPT},
        ]
    )
    expect(page.locator("[data-upload-item]")).to_have_count(3)
    page.locator("[data-start]").click()

    rows = page.locator("[data-upload-item]")
    expect(rows.nth(0).locator("[data-asset-link]")).to_be_visible()
    expect(rows.nth(1).locator("[data-asset-link]")).to_be_visible()
    expect(rows.nth(2).locator("[data-upload-status].is-error")).to_be_visible()
    page.screenshot(path=shots_dir / "library-upload.png", full_page=True, animations="disabled")

    assert dropped, "the test meant to cut the network once"
    assets = {asset.title: asset for asset in Asset.objects.all()}
    assert set(assets) == {"le ra quan", "so tay chuyen doi so"}
    assert assets["le ra quan"].kind == AssetKind.IMAGE
    assert assets["so tay chuyen doi so"].source_unit == unit_a
    for number, title in enumerate(["le ra quan", "so tay chuyen doi so"]):
        link = rows.nth(number).locator("[data-asset-link]")
        expect(link).to_have_attribute(
            "href", reverse("library_assets:edit", args=[assets[title].pk])
        )
    # The refusal says why, in the staff's language, and left nothing behind.
    expect(rows.nth(2)).to_contain_text("SVG")
    assert not UploadSession.objects.exists()
    assert browser_log.page_errors == []
