"""A unit's officer imports a ZIP archive with its manifest through "Nhập hàng loạt": the
archive travels in chunks (the network drops one on the way and the page resumes), the preview
lists the rows, and the import makes the assets.

Elements are found by names, data attributes and hrefs, never by visible text.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from lantoa.directory.tests.factories import TEST_PASSWORD
from lantoa.library.models import Asset, AssetStatus, UploadSession
from lantoa.library.tests import sample_files as files
from lantoa.library.tests.catalogue_helpers import library_collections
from lantoa.library.tests.manifests import csv_bytes, row, zip_bytes

from .wagtail_admin import admin_login, fresh_database, network_drops_first


@pytest.mark.browser
@fresh_database
def test_unit_staff_import_an_archive_sent_in_chunks(
    places, settings, make_user, organisation, unit_a, page, live_server, browser_log
):
    library_collections(organisation)
    make_user("unit_staff", unit=unit_a, username="canbo")
    manifest = csv_bytes(
        [
            row(1, "anh/hoi-thao.jpg", "Hội thảo chuyển đổi số"),
            row(2, "so-tay.pdf", "Sổ tay chuyển đổi số"),
        ]
    )
    package = zip_bytes(
        {
            "anh/hoi-thao.jpg": files.jpeg_bytes(),
            "so-tay.pdf": files.pdf_bytes(["So tay chuyen doi so"]),
            "danh-muc.csv": manifest,
        }
    )
    admin_login(page, base_url=live_server.url, username="canbo", password=TEST_PASSWORD)
    page.goto(live_server.url + reverse("library_bulk_import:form"))

    dropped = network_drops_first(page, "**/chunk/")  # the page must resume on its own
    page.locator("select[name=source_unit]").select_option(str(unit_a.pk))
    page.locator("input[name=package]").set_input_files(
        files=[{"name": "tu-lieu.zip", "mimeType": "application/zip", "buffer": package}]
    )
    page.locator("[data-bulk-submit]").click()

    import_button = page.locator("button[name=action][value=import]")
    expect(import_button).to_be_visible(timeout=30_000)
    assert dropped, "the test meant to cut the network once"
    assert Asset.objects.count() == 0  # nothing before the officer confirms
    import_button.click()
    page.wait_for_url("**/report/**")

    assets = Asset.objects.order_by("title")
    assert [asset.title for asset in assets] == ["Hội thảo chuyển đổi số", "Sổ tay chuyển đổi số"]
    assert {asset.status for asset in assets} == {AssetStatus.DRAFT}
    for asset in assets:
        expect(
            page.locator(f"a[href='{reverse('library_assets:edit', args=[asset.pk])}']")
        ).to_be_visible()
    assert not UploadSession.objects.exists()
    assert browser_log.page_errors == []
