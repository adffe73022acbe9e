"""Issue 5, end to end: a unit's video and its handbook in two languages go from the upload
screen to the public catalogue, its search and an OAI-PMH harvest.

A member of TTCĐS's staff uploads a short real video and the handbook's Vietnamese PDF, then its
English PDF; the worker (run inline in tests) makes the poster frame, the duration and the first
pages. The staff member links both handbooks to one multilingual work and completes their
catalogue records, but may not release them; an editor does. Until then the public and a
harvester find none of them (only last year's report, public before). Afterwards a visitor finds
all three in the catalogue and by searches typed without diacritics, opens their pages (player,
first page, download, the other language version) and a harvester collects the three records
with their titles, languages and types. Elements are found by names, hrefs and roles, never by
visible text.
"""

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from oaipmh_scythe import HTTPConfig, NoRecordsMatch, Scythe
from playwright.sync_api import Locator, Page, expect

from lantoa.directory.tests.factories import TEST_PASSWORD
from lantoa.library.licences import Licence
from lantoa.library.models import Asset, AssetKind, AssetStatus, Audience, Work
from lantoa.library.tests import sample_files as files
from lantoa.library.tests.builders import make_asset
from lantoa.library.tests.catalogue_helpers import library_collections, unit_collection_of

from .wagtail_admin import admin_login, fresh_database

NAMESPACE = "skhcn.quangngai.example"
VIDEO = {
    "title": "Phóng sự: chuyển đổi số ở xã Tịnh Khê",
    "description": "Bà con xã Tịnh Khê học cài đặt VNeID và nộp hồ sơ trực tuyến.",
}
HANDBOOK_VI = {
    "title": "Sổ tay chuyển đổi số cho người dân",
    "description": "Những việc người dân làm được trên điện thoại: định danh, dịch vụ công.",
}
HANDBOOK_EN = {
    "title": "Digital transformation handbook for citizens",
    "description": "What citizens can do on their phones: digital identity, public services.",
}
WORK_TITLE = "Sổ tay chuyển đổi số"
EARLIER_TITLE = "Báo cáo chuyển đổi số năm 2024"
ATTRIBUTION = "Trung tâm Chuyển đổi số Quảng Ngãi"
ASSET_PATH = re.compile(r"^/tai-nguyen/[0-9a-f-]{36}/$")


@pytest.fixture
def oai_endpoint(live_server, settings) -> str:
    # Record URLs are built on the site's address; identifiers on a fixed namespace.
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    settings.LANTOA_OAI_NAMESPACE = NAMESPACE
    return f"{live_server.url}/oai/"


@pytest.fixture
def repository(organisation, unit_a, make_user) -> Asset:
    """The repository's collections and audiences; TTCĐS's officer; an editor; last year's
    report, already public (so that "nothing new is public" is not said of an empty site)."""
    root = library_collections(organisation)
    make_user("unit_staff", unit=unit_a, username="canbo")
    make_user("editor", username="bientap")
    return make_asset(
        unit=unit_a,
        collection=unit_collection_of(root, unit_a),
        title=EARLIER_TITLE,
        language="vi",
    )


def oai_identifier(asset: Asset) -> str:
    return f"oai:{NAMESPACE}:asset/{asset.identifier}"


def _sign_in(page: Page, live_server, username: str) -> None:
    page.context.clear_cookies()
    admin_login(page, base_url=live_server.url, username=username, password=TEST_PASSWORD)


def _upload(page: Page, *, language: str, kind: str, payloads: list[dict]) -> None:
    """Pick files on the upload screen with the shared fields, send them, wait for each."""
    page.locator("select[name=language]").select_option(language)
    page.locator("select[name=kind]").select_option(kind)
    rows = page.locator("[data-upload-item]")
    before = rows.count()
    page.locator("[data-file-input]").set_input_files(files=payloads)
    expect(rows).to_have_count(before + len(payloads))
    page.locator("[data-start]").click()
    for number in range(before, before + len(payloads)):
        expect(rows.nth(number).locator("[data-asset-link]")).to_be_visible(timeout=30_000)


def _catalogue_record(page: Page, live_server, asset: Asset, **fields) -> None:
    """Complete an asset's catalogue record on its edit screen and save it."""
    page.goto(live_server.url + reverse("library_assets:edit", args=[asset.pk]))
    page.locator("input[name=title]").fill(fields["title"])
    page.locator("textarea[name=description]").fill(fields["description"])
    for name in ("kind", "licence", "work"):
        if name in fields:
            page.locator(f"select[name={name}]").select_option(str(fields[name]))
    page.locator("input[name=attribution]").fill(ATTRIBUTION)
    page.locator(f"input[name=audiences][value='{fields['audience'].pk}']").check()
    page.locator("footer button[type=submit]").first.click()
    expect(page).to_have_url(live_server.url + reverse("library_assets:index"))


def _expect_picture(holder: Locator) -> None:
    """The one picture in `holder` is shown: loaded, not a broken image."""
    picture = holder.locator("img")
    expect(picture).to_be_visible()
    expect(picture).to_have_js_property("complete", True)
    assert picture.evaluate("image => image.naturalWidth") > 0, picture.get_attribute("src")


def _public_assets_listed(page: Page) -> set[str]:
    """The asset pages the catalogue's results link to."""
    hrefs = [link.get_attribute("href") for link in page.locator("main a[href]").all()]
    return {href for href in hrefs if ASSET_PATH.match(href or "")}


def _search(page: Page, query: str) -> set[str]:
    """Type `query` into the catalogue's search box on the page shown, send it, read the
    results."""
    page.locator("main input[name=q]").fill(query)
    page.locator("main form[role=search] button[type=submit]").first.click()
    page.wait_for_url(lambda url: parse_qs(urlsplit(url).query).get("q") == [query])
    expect(page.locator("main input[name=q]")).to_have_value(query)
    return _public_assets_listed(page)


def _harvest(endpoint: str) -> dict:
    """Every oai_dc record of a full harvest, by identifier ({} when there is none)."""
    with Scythe(endpoint, http_config=HTTPConfig(timeout=30)) as scythe:
        try:
            records = list(scythe.list_records(metadata_prefix="oai_dc"))
        except NoRecordsMatch:
            return {}
    return {record.header.identifier: record for record in records}


@files.needs_ffmpeg
@pytest.mark.browser
@fresh_database
def test_a_unit_uploads_a_video_and_a_bilingual_handbook_that_the_public_then_finds(
    places, repository, oai_endpoint, page, live_server, browser_log, shots_dir
):
    video_file = files.make_video(Path(places) / "phong-su-tinh-khe.mp4", faststart=True)
    citizens = Audience.objects.get(code="nguoi-dan")

    # --- TTCĐS's officer uploads the video and the Vietnamese handbook, then the English one.
    _sign_in(page, live_server, "canbo")
    page.goto(live_server.url + reverse("library_upload"))
    _upload(
        page,
        language="vi",
        kind="",  # the type read from each file: a video, a document
        payloads=[
            {"name": video_file.name, "mimeType": "video/mp4", "buffer": video_file.read_bytes()},
            {
                "name": "so-tay-chuyen-doi-so.pdf",
                "mimeType": "application/pdf",
                "buffer": files.pdf_bytes(["So tay chuyen doi so cho nguoi dan", "Muc luc"]),
            },
        ],
    )
    _upload(
        page,
        language="en",
        kind=AssetKind.PUBLICATION,
        payloads=[
            {
                "name": "digital-handbook-en.pdf",
                "mimeType": "application/pdf",
                "buffer": files.pdf_bytes(["Digital transformation handbook", "Contents"]),
            }
        ],
    )
    rows = page.locator("[data-upload-item]")
    edit_links = [rows.nth(n).locator("[data-asset-link]").get_attribute("href") for n in range(3)]
    assets = [Asset.objects.get(pk=int(href.rstrip("/").rsplit("/", 1)[-1])) for href in edit_links]
    video, handbook_vi, handbook_en = assets
    for asset, href in zip(assets, edit_links, strict=True):
        assert href == reverse("library_assets:edit", args=[asset.pk])
    assert (video.kind, video.language, video.status) == (AssetKind.VIDEO, "vi", AssetStatus.DRAFT)
    assert (handbook_vi.kind, handbook_vi.language) == (AssetKind.DOCUMENT, "vi")
    assert (handbook_en.kind, handbook_en.language) == (AssetKind.PUBLICATION, "en")
    # The worker made the poster frame and read the duration; the PDFs' first pages and text.
    assert video.preview_image_id is not None and video.processed_at is not None
    assert video.duration_seconds == pytest.approx(2, abs=0.3)
    assert (video.width, video.height) == (160, 120)
    for handbook in (handbook_vi, handbook_en):
        assert handbook.preview_image_id is not None
        assert handbook.page_count == 2
    assert "Digital transformation handbook" in handbook_en.extracted_text
    # …and the officer sees them in the listing: a picture for each, the poster for the video.
    page.goto(live_server.url + reverse("library_assets:index"))
    for href in edit_links:
        _expect_picture(page.locator("main tr", has=page.locator(f"a[href='{href}']")))

    # The two handbooks become one work in two languages; the records are completed.
    page.goto(live_server.url + reverse("library_works:add"))
    page.locator("input[name=title]").fill(WORK_TITLE)
    page.locator("footer button[type=submit]").first.click()
    expect(page).not_to_have_url(live_server.url + reverse("library_works:add"))
    work = Work.objects.get(title=WORK_TITLE)
    assert work.versions.count() == 0
    _catalogue_record(page, live_server, video, **VIDEO, licence=Licence.CC_BY_4, audience=citizens)
    _catalogue_record(
        page,
        live_server,
        handbook_vi,
        **HANDBOOK_VI,
        kind=AssetKind.PUBLICATION,
        licence=Licence.CC_BY_SA_4,
        work=work.pk,
        audience=citizens,
    )
    _catalogue_record(
        page,
        live_server,
        handbook_en,
        **HANDBOOK_EN,
        licence=Licence.CC_BY_SA_4,
        work=work.pk,
        audience=citizens,
    )
    for asset in assets:
        asset.refresh_from_db()
    assert [asset.title for asset in assets] == [
        VIDEO["title"],
        HANDBOOK_VI["title"],
        HANDBOOK_EN["title"],
    ]
    assert handbook_vi.kind == AssetKind.PUBLICATION
    assert handbook_vi.work == handbook_en.work == work
    assert {asset.status for asset in assets} == {AssetStatus.DRAFT}
    # The work's page lists its two language versions.
    page.goto(live_server.url + reverse("library_works:inspect", args=[work.pk]))
    for handbook in (handbook_vi, handbook_en):
        inspect_path = reverse("library_assets:inspect", args=[handbook.pk])
        expect(page.locator(f"main a[href='{inspect_path}']")).to_have_count(1)
    video_inspect = reverse("library_assets:inspect", args=[video.pk])
    expect(page.locator(f"main a[href='{video_inspect}']")).to_have_count(0)

    # Unit staff may not release: no release link on the asset's page, and its URL refuses.
    release_urls = [reverse("library_assets:release", args=[asset.pk]) for asset in assets]
    page.goto(live_server.url + reverse("library_assets:inspect", args=[video.pk]))
    expect(page.locator(f"a[href='{release_urls[0]}']")).to_have_count(0)
    page.goto(live_server.url + release_urls[0])  # Wagtail sends them back to the dashboard
    expect(page).to_have_url(live_server.url + reverse("wagtailadmin_home"))

    # --- Not released yet: the public and harvesters find none of them.
    page.context.clear_cookies()
    catalogue = live_server.url + reverse("library_catalogue")
    public_paths = [
        reverse("library_asset", kwargs={"identifier": asset.identifier}) for asset in assets
    ]
    earlier = repository
    earlier_path = reverse("library_asset", kwargs={"identifier": earlier.identifier})
    page.goto(catalogue)
    assert _public_assets_listed(page) == {earlier_path}
    assert _search(page, "chuyen doi so") == {earlier_path}
    assert page.goto(live_server.url + public_paths[1]).status == 404
    assert set(_harvest(oai_endpoint)) == {oai_identifier(earlier)}

    # --- The editor releases each of them; none shows people, so no consent is asked for.
    _sign_in(page, live_server, "bientap")
    for asset, release_url in zip(assets, release_urls, strict=True):
        inspect_url = live_server.url + reverse("library_assets:inspect", args=[asset.pk])
        page.goto(inspect_url)
        page.locator(f"a[href='{release_url}']").first.click()
        expect(page).to_have_url(live_server.url + release_url)
        expect(page.locator("main [role=alert]")).to_have_count(0)
        expect(page.locator("input[name=acknowledge_consent]")).to_be_hidden()
        page.locator("main form [type=submit]").click()
        expect(page).to_have_url(inspect_url)
        expect(page.locator(f"a[href='{release_url}']")).to_have_count(0)
    assert set(Asset.objects.values_list("status", flat=True)) == {AssetStatus.RELEASED}

    # --- A visitor: the catalogue lists all three, with a picture each.
    page.context.clear_cookies()
    page.goto(catalogue)
    assert _public_assets_listed(page) == {earlier_path, *public_paths}
    for path in public_paths:
        _expect_picture(page.locator("main li", has=page.locator(f"a[href='{path}']")))
    page.screenshot(
        path=shots_dir / "library-journey-catalogue.png", full_page=True, animations="disabled"
    )

    # Searched without diacritics, from the catalogue's search box: the Vietnamese titles
    # share "chuyển đổi số"; each search is typed on the last one's results.
    assert _search(page, "chuyen doi so") == {earlier_path, *public_paths[:2]}
    assert _search(page, "so tay nguoi dan") == {public_paths[1]}
    assert _search(page, "phong su tinh khe") == {public_paths[0]}
    assert _search(page, "digital handbook") == {public_paths[2]}

    # The video's page plays the file with its poster frame and offers the download.
    page.goto(live_server.url + public_paths[0])
    player = page.locator("main video")
    expect(player).to_be_visible()
    expect(player).to_have_attribute("poster", re.compile(r"\.jpg$"))
    expect(player.locator("source")).to_have_attribute("src", video.media.url)
    poster = page.request.get(live_server.url + player.get_attribute("poster"))
    assert poster.ok and poster.headers["content-type"] == "image/jpeg"
    video_download = reverse("library_asset_download", kwargs={"identifier": video.identifier})
    expect(page.locator(f"main a[href='{video_download}'][download]")).to_be_visible()

    # The Vietnamese handbook: its first page, the download, the English version's link.
    page.goto(live_server.url + public_paths[1])
    download = reverse("library_asset_download", kwargs={"identifier": handbook_vi.identifier})
    _expect_picture(page.locator(f"main a[href='{download}']:has(img)"))
    with page.expect_download() as downloading:
        page.locator(f"main a[href='{download}'][download]").click()
    assert downloading.value.suggested_filename.endswith(".pdf")
    assert Path(downloading.value.path()).read_bytes().startswith(b"%PDF")
    english = page.locator(f"main a[hreflang=en][href='{public_paths[2]}']")
    expect(english).to_be_visible()
    english.click()
    expect(page).to_have_url(live_server.url + public_paths[2])
    expect(page.locator("main article[lang=en] h1")).to_have_text(HANDBOOK_EN["title"])
    expect(page.locator(f"main a[hreflang=vi][href='{public_paths[1]}']")).to_be_visible()

    # --- A harvester collects the three records, the handbooks related to each other.
    records = _harvest(oai_endpoint)
    site = live_server.url
    assert set(records) == {oai_identifier(asset) for asset in (earlier, *assets)}
    by_asset = {asset.pk: records[oai_identifier(asset)].metadata for asset in assets}
    expected = [
        (video, VIDEO["title"], "vi", "MovingImage"),
        (handbook_vi, HANDBOOK_VI["title"], "vi", "Text"),
        (handbook_en, HANDBOOK_EN["title"], "en", "Text"),
    ]
    for asset, title, language, dc_type in expected:
        metadata = by_asset[asset.pk]
        assert metadata["title"] == [title]
        assert metadata["language"] == [language]
        assert metadata["type"] == [dc_type]
        assert f"{site}/tai-nguyen/{asset.identifier}/" in metadata["identifier"]
    assert by_asset[handbook_vi.pk]["relation"] == [f"{site}{public_paths[2]}"]
    assert by_asset[handbook_en.pk]["relation"] == [f"{site}{public_paths[1]}"]
    assert "relation" not in by_asset[video.pk]

    assert not browser_log.page_errors, browser_log.page_errors
    assert browser_log.failed_responses == [f"404 {live_server.url}{public_paths[1]}"]
