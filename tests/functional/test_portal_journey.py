"""An article goes from a unit's author through both approvals to the public site.

The author (TTCĐS staff) writes it in the admin and submits it; the unit's head approves; the
Department's leader approves and it is published. It then shows in its section, the feeds,
the sitemap and search (typed with and without diacritics), and counts for targets T1 and T3
on the plan. Fields and buttons are found by names and values, not visible text.
"""

import re
from xml.etree import ElementTree

import feedparser
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from lantoa.directory.models import Person, Unit
from lantoa.directory.services import agency_load
from lantoa.directory.tests.factories import TEST_PASSWORD
from lantoa.plans.loading import plan_load
from lantoa.portal.models import ArticlePage, SectionPage
from lantoa.portal.setup import portal_setup

from .wagtail_admin import admin_login, fresh_database

AGENCY = settings.BASE_DIR / "data/agencies/quang-ngai"
PLAN_FILE = AGENCY / "plan-2725.yaml"
TITLE = "Đổi mới sáng tạo: Quảng Ngãi ra mắt sàn giao dịch công nghệ"
SLUG = "doi-moi-sang-tao-quang-ngai-ra-mat-san-giao-dich-cong-nghe"
LEAD = "Sàn kết nối doanh nghiệp với các nhà khoa học để chuyển giao kết quả nghiên cứu."


@pytest.fixture
def newsroom(make_user):
    agency_load(folder=AGENCY)
    plan = plan_load(path=PLAN_FILE).plan
    portal_setup(folder=AGENCY)
    units = {unit.code: unit for unit in Unit.objects.all()}
    make_user("unit_staff", unit=units["TTCĐS"], username="tacgia")
    head = make_user("unit_staff", unit=units["TTCĐS"], username="truongphong")
    Person.objects.filter(user=head).update(is_leader=True)
    make_user("leader", unit=units["LĐS"], username="lanhdao")
    return {"plan": plan, "task": plan.nodes.get(path="III.1.a")}


def _sign_in(page: Page, live_server, username: str) -> None:
    page.context.clear_cookies()
    admin_login(page, base_url=live_server.url, username=username, password=TEST_PASSWORD)


def _footer_action(page: Page, selector: str):
    """A button of the editor's footer, opening its "more actions" menu when it is hidden."""
    button = page.locator(f"footer {selector}")
    if not button.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").last.click()
    expect(button).to_be_visible()
    return button


def _open_tab_holding(page: Page, selector: str) -> None:
    """Click the editor tab whose panel holds the field (tab ids follow the translated heading)."""
    panel = page.locator(selector).locator("xpath=ancestor::*[@role='tabpanel'][1]")
    page.locator(f"[role=tab][aria-controls='{panel.get_attribute('id')}']").click()


def _approve(page: Page, live_server, username: str, article: ArticlePage, shots_dir, shot: str):
    _sign_in(page, live_server, username)
    page.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=[article.pk]))
    page.screenshot(path=shots_dir / shot, full_page=True, animations="disabled")
    with page.expect_navigation():
        _footer_action(
            page, "button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"
        ).click()


@pytest.mark.browser
@fresh_database
def test_an_article_passes_both_approvals_and_reaches_every_public_place(
    newsroom, page, live_server, browser_log, shots_dir
):
    section = SectionPage.objects.get(slug="nghi-quyet-57", locale__language_code="vi")

    # The author writes the article; the slug follows the title, "Đ" written as "d".
    _sign_in(page, live_server, "tacgia")
    page.goto(
        live_server.url
        + reverse("wagtailadmin_pages:add", args=["portal", "articlepage", section.pk])
    )
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_title").blur()
    page.locator("textarea[name=lead]").fill(LEAD)
    _open_tab_holding(page, "select[name=kind]")
    page.locator("select[name=kind]").select_option("news")
    page.locator("select[name=plan_tasks]").select_option(str(newsroom["task"].pk))
    expect(page.locator("input[name=slug]")).to_have_value(SLUG)
    page.screenshot(path=shots_dir / "journey-author.png", full_page=True, animations="disabled")
    with page.expect_navigation():
        _footer_action(page, "button[name=action-submit]").click()

    article = ArticlePage.objects.get(slug=SLUG)
    assert not article.live
    assert article.authoring_unit.code == "TTCĐS"
    assert live_server_get(page, live_server, article.url).status == 404

    # The unit's head approves; the article waits for the leader, still unpublished.
    _approve(page, live_server, "truongphong", article, shots_dir, "journey-head.png")
    article.refresh_from_db()
    assert not article.live

    # The leader approves: published.
    _approve(page, live_server, "lanhdao", article, shots_dir, "journey-leader.png")
    article.refresh_from_db()
    assert article.live
    assert article.first_published_at is not None

    # The public sees it: in the section, the article itself, feeds, sitemap, search.
    page.context.clear_cookies()
    page.goto(live_server.url + section.url)
    expect(page.locator(f"main a[href='{article.url}']")).to_have_text(TITLE)
    page.locator(f"main a[href='{article.url}']").click()
    expect(page.locator("main h1")).to_have_text(TITLE)
    page.screenshot(path=shots_dir / "journey-public.png", full_page=True, animations="disabled")
    # Printed or saved as PDF: the article without the site's header, footer or button.
    expect(page.locator("button[data-print]")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator("header.site-header")).to_be_hidden()
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("button[data-print]")).to_be_hidden()
    assert page.pdf()[:5] == b"%PDF-"
    page.emulate_media(media="screen")

    for feed_url in ("/rss.xml", "/atom.xml", f"/feeds{section.url}rss.xml"):
        feed = feedparser.parse(live_server_get(page, live_server, feed_url).body())
        assert not feed.bozo, (feed_url, feed.bozo_exception)
        assert TITLE in [entry.title for entry in feed.entries], feed_url

    sitemap = ElementTree.fromstring(  # noqa: S314 (our own server's answer)
        live_server_get(page, live_server, "/sitemap.xml").body()
    )
    locations = [element.text for element in sitemap.iter() if element.tag.endswith("loc")]
    assert any(location.endswith(article.url) for location in locations)

    for query in ("Sàn giao dịch công nghệ", "san giao dich cong nghe", "SAN GIAO DICH"):
        page.goto(live_server.url + "/")
        page.locator("#site-search-q").fill(query)
        with page.expect_navigation():
            page.locator("#site-search-q").press("Enter")
        expect(page.locator(f"main a[href='{article.url}']").first).to_be_visible()
    page.screenshot(path=shots_dir / "journey-search.png", full_page=True, animations="disabled")

    # The leader's plan pages count it: T1 (the section is active this month, with a link to
    # the section) and T3 (its unit has published, with a link to the article).
    _sign_in(page, live_server, "lanhdao")
    plan = newsroom["plan"]
    this_month = f"{timezone.localdate():%m/%Y}"
    page.goto(live_server.url + reverse("plans_target", kwargs={"code": plan.code, "target": "T1"}))
    expect(page.locator(f"a[href$='{section.url}']").filter(has_text=this_month)).to_be_visible()
    page.screenshot(path=shots_dir / "journey-T1.png", full_page=True, animations="disabled")
    page.goto(live_server.url + reverse("plans_target", kwargs={"code": plan.code, "target": "T3"}))
    expect(page.locator(f"a[href$='{article.url}']").filter(has_text="TTCĐS")).to_be_visible()
    page.screenshot(path=shots_dir / "journey-T3.png", full_page=True, animations="disabled")
    assert not browser_log.page_errors, browser_log.page_errors
    assert not [
        failure for failure in browser_log.failed_responses if not re.search(r" 404 ", failure)
    ]


def live_server_get(page: Page, live_server, path: str):
    """A GET without cookies or the browser's cache, as a feed reader or crawler sends it."""
    return page.context.request.get(live_server.url + path, fail_on_status_code=False)
