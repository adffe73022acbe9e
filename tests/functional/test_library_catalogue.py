"""A unit's photo goes from the repository's admin to the public catalogue.

A member of TTCĐS's staff corrects the photo's catalogue record; another unit's staff cannot
open it; the editor releases it after the consent warning; the public then finds it in the
catalogue, by its new title typed with and without diacritics, and opens its page. Fields and
buttons are found by names and URLs, not visible text.
"""

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page, expect

from lantoa.directory.models import Unit
from lantoa.directory.services import agency_load
from lantoa.directory.tests.factories import TEST_PASSWORD
from lantoa.library.models import Asset, AssetKind, AssetStatus, Audience
from lantoa.library.selectors import unit_collection
from lantoa.library.setup import library_setup
from lantoa.library.tests.builders import make_asset

from .test_portal_accessibility import PHONE, axe_problems
from .wagtail_admin import admin_login, fresh_database

AGENCY = settings.BASE_DIR / "data/agencies/quang-ngai"
TITLE = "Ngày hội chuyển đổi số ở xã Tịnh Khê"
DESCRIPTION = "Bà con được hướng dẫn cài đặt VNeID và nộp hồ sơ dịch vụ công trực tuyến."


@pytest.fixture
def repository(make_user):
    organisation = agency_load(folder=AGENCY).organisation
    library_setup(organisation=organisation)
    units = {unit.code: unit for unit in Unit.objects.all()}
    make_user("unit_staff", unit=units["TTCĐS"], username="canbo")
    make_user("unit_staff", unit=units["BCVT"], username="canbo2")
    make_user("editor", unit=units["TTCĐS"], username="bientap")
    photo = make_asset(
        unit=units["TTCĐS"],
        collection=unit_collection(units["TTCĐS"]),
        kind=AssetKind.IMAGE,
        title="IMG_2041",
        status=AssetStatus.DRAFT,
    )
    return {"photo": photo}


def _sign_in(page: Page, live_server, username: str) -> None:
    page.context.clear_cookies()
    admin_login(page, base_url=live_server.url, username=username, password=TEST_PASSWORD)


@pytest.mark.browser
@fresh_database
def test_a_unit_catalogues_a_photo_the_editor_releases_it_and_the_public_finds_it(
    repository, page, live_server, browser_log, shots_dir
):
    photo = repository["photo"]
    citizens = Audience.objects.get(code="nguoi-dan")
    edit_url = live_server.url + reverse("library_assets:edit", args=[photo.pk])

    # The unit's officer finds the photo in the listing and corrects its record.
    _sign_in(page, live_server, "canbo")
    page.goto(live_server.url + reverse("library_assets:index"))
    page.locator(f"a[href='{reverse('library_assets:edit', args=[photo.pk])}']").first.click()
    expect(page).to_have_url(edit_url)
    page.locator("input[name=title]").fill(TITLE)
    page.locator("textarea[name=description]").fill(DESCRIPTION)
    page.locator(f"input[name=audiences][value='{citizens.pk}']").check()
    page.locator("input[name=depicts_people]").check()
    page.screenshot(path=shots_dir / "library-edit.png", full_page=True, animations="disabled")
    page.locator("footer button[type=submit]").first.click()
    expect(page).to_have_url(live_server.url + reverse("library_assets:index"))
    photo.refresh_from_db()
    assert (photo.title, photo.description, photo.depicts_people) == (TITLE, DESCRIPTION, True)
    assert list(photo.audiences.all()) == [citizens]

    # Unit staff cannot release, and another unit's staff cannot even open it.
    release_link = page.locator(f"a[href='{reverse('library_assets:release', args=[photo.pk])}']")
    assert release_link.count() == 0
    _sign_in(page, live_server, "canbo2")
    assert page.goto(edit_url).status == 404

    # The photo is not public yet.
    page.context.clear_cookies()
    asset_url = live_server.url + reverse("library_asset", kwargs={"identifier": photo.identifier})
    assert page.goto(asset_url).status == 404

    # The editor releases it: no consent is recorded, so the box must be ticked.
    _sign_in(page, live_server, "bientap")
    page.goto(live_server.url + reverse("library_assets:inspect", args=[photo.pk]))
    release_link.first.click()
    checkbox = page.locator("input[name=acknowledge_consent]")
    expect(checkbox).to_be_visible()
    page.screenshot(path=shots_dir / "library-release.png", full_page=True, animations="disabled")
    release_url = live_server.url + reverse("library_assets:release", args=[photo.pk])
    page.locator("main form [type=submit]").click()
    expect(page).to_have_url(release_url)  # refused: the form is shown again with the warning
    assert Asset.objects.get(pk=photo.pk).status == AssetStatus.DRAFT
    page.locator("input[name=acknowledge_consent]").check()
    page.locator("main form [type=submit]").click()
    expect(page).to_have_url(live_server.url + reverse("library_assets:inspect", args=[photo.pk]))
    assert Asset.objects.get(pk=photo.pk).status == AssetStatus.RELEASED

    # The public finds it in the catalogue and by search, with or without diacritics.
    page.context.clear_cookies()
    catalogue = live_server.url + reverse("library_catalogue")
    photo_link = page.locator(
        f"main a[href='{reverse('library_asset', kwargs={'identifier': photo.identifier})}']"
    )
    page.goto(catalogue)
    expect(photo_link).to_have_count(1)
    for query in ("chuyển đổi số Tịnh Khê", "chuyen doi so tinh khe"):
        page.goto(catalogue)
        page.locator("main input[name=q]").fill(query)
        page.locator("main form[role=search] button[type=submit]").first.click()
        expect(page.locator("main input[name=q]")).to_have_value(query)
        expect(photo_link).to_have_count(1)
    page.screenshot(path=shots_dir / "library-catalogue.png", full_page=True, animations="disabled")
    photo_link.click()
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("#embed-code")).to_be_visible()
    page.screenshot(path=shots_dir / "library-asset.png", full_page=True, animations="disabled")

    # Both public pages pass axe's checks, on a desktop screen and on a phone.
    problems = axe_problems(page, name="asset")
    page.goto(catalogue + "?q=tinh+khe")
    problems += axe_problems(page, name="catalogue")
    page.set_viewport_size(PHONE)
    for name, url in (("catalogue-phone", catalogue), ("asset-phone", asset_url)):
        page.goto(url)
        problems += axe_problems(page, name=name)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"
    assert not problems, "\n".join(problems)

    assert not browser_log.page_errors, browser_log.page_errors
    # Only the two refusals the journey asked for.
    assert browser_log.failed_responses == [f"404 {edit_url}", f"404 {asset_url}"]
