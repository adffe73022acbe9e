"""Issue 6, the main path of periodic reporting: a unit writes its half-year report prefilled
from what it recorded, the lead division accepts it and exports the consolidated report.

TTCĐS published two articles serving task III.1.a a few days ago and noted its progress on that
task. Its officer finds "Báo cáo định kỳ" in the sidebar, opens the current half-year's report,
sees the articles counted and linked and the progress note as the task's first draft, writes
the results and submits. QLKH sees the submission on the period's board, accepts it, numbers
the consolidated report and downloads it as DOCX, which opens and says what was written.

The current half-year is whatever today is, so the test holds on any date. Elements are found
by names, data attributes and hrefs, never by visible text.
"""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from playwright.sync_api import Page, expect

from lantoa.directory.models import Unit
from lantoa.directory.tests.factories import TEST_PASSWORD
from lantoa.plans.loading import plan_load
from lantoa.plans.models import PlanNode
from lantoa.plans.tests.factories import PLAN_2725, progress_post
from lantoa.portal.tests.pages import article_add, portal_build, section_get
from lantoa.reporting.calendar import half_year_bounds, half_year_period_ensure

from .wagtail_admin import admin_login, fresh_database, sidebar_menu

TASK = "III.1.a"
NOTE = "Cập nhật chuyên mục Nghị quyết 57 hằng tuần; đăng 12 tin bài và 3 infographic."
RESULTS = "Duy trì chuyên mục Nghị quyết 57; sản xuất 2 tin bài và infographic trong kỳ."
ARTICLES = (
    "Quảng Ngãi đẩy mạnh chuyển đổi số trong cơ quan nhà nước",
    "Infographic: Nghị quyết 57 và những con số",
)
NUMBER = "45"


@pytest.fixture
def reporting_data(make_user, live_server, settings):
    """Plan 2725, the portal, TTCĐS's recent articles and progress, the current period."""
    # Links in reports are built on the site's address: this live server's.
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    portal_build()
    plan = plan_load(path=PLAN_2725).plan
    units = {unit.code: unit for unit in Unit.objects.all()}
    staff = make_user("unit_staff", unit=units["TTCĐS"], username="canbo.ttcds")
    make_user("lead_division", unit=units["QLKH"], username="qlkh")

    today = timezone.localdate()
    half = 1 if today.month <= 6 else 2
    period = half_year_period_ensure(plan=plan, year=today.year, half=half)
    # A few days ago, but never before the period began.
    days_ago = min(3, (today - half_year_bounds(today.year, half)[0]).days)
    task = PlanNode.objects.get(plan=plan, path=TASK)
    articles = []
    for title in ARTICLES:
        article = article_add(
            section_get(), title=title, unit_code="TTCĐS", published_days_ago=days_ago
        )
        article.plan_tasks.set([task])
        article.save()  # a parental many-to-many is written when the page is saved
        articles.append(article)
    progress_post(actor=staff, node=task, unit=units["TTCĐS"], note=NOTE)
    return {"period": period, "unit": units["TTCĐS"], "articles": articles}


def _sign_in(page: Page, live_server, username: str) -> None:
    page.context.clear_cookies()
    admin_login(page, base_url=live_server.url, username=username, password=TEST_PASSWORD)


def _screenshot(page: Page, path) -> None:
    """The whole admin page: Wagtail scrolls inside its layout, not the window, so a full-page
    screenshot would show one screen; the window is made as tall as the content for it."""
    viewport = page.viewport_size
    height = page.evaluate(
        "Math.max(...Array.from(document.querySelectorAll('body *'), e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": viewport["width"], "height": max(height, viewport["height"])})
    page.screenshot(path=path, animations="disabled")
    page.set_viewport_size(viewport)


def _docx_text(data: bytes) -> str:
    """Every paragraph of the document, in its body and its tables, one per line."""
    document = Document(io.BytesIO(data))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(paragraph.text for paragraph in cell.paragraphs)
    return "\n".join(lines)


@pytest.mark.browser
@fresh_database
def test_unit_submits_prefilled_report_and_lead_division_exports_consolidated(
    reporting_data, page, live_server, browser_log, shots_dir
):
    period, unit = reporting_data["period"], reporting_data["unit"]
    report_url = reverse("reporting:unit_report", args=[period.code, unit.pk])

    # TTCĐS's officer finds periodic reporting in the sidebar and opens the current report.
    _sign_in(page, live_server, "canbo.ttcds")
    index_url = reverse("reporting:index")
    assert index_url in sidebar_menu(page)[""]
    page.locator(f"[data-wagtail-sidebar] a[href='{index_url}']").click()
    expect(page).to_have_url(live_server.url + index_url)
    page.locator(f"tr[data-period='{period.code}'] a[data-open-report]").click()
    expect(page).to_have_url(live_server.url + report_url)
    expect(page.locator("[data-report-status]")).to_have_attribute("data-report-status", "draft")

    # Prefilled: both articles counted, linked under the task they serve, the progress note
    # as the task's first draft of activities.
    outputs = page.locator("section[aria-labelledby=outputs-heading]")
    expect(outputs.locator("[data-output='portal.articles'] [data-output-total]")).to_have_text("2")
    section = page.locator(f"fieldset[data-section='{TASK}']")
    section.locator("[data-output='portal.articles'] summary").click()
    for article in reporting_data["articles"]:
        expect(section.locator(f"a[href$='/{article.slug}/']")).to_be_visible()
    expect(section.locator("textarea")).to_have_value(f"- {NOTE}")

    page.locator("textarea[name=results]").fill(RESULTS)
    _screenshot(page, shots_dir / "reporting-unit-form.png")
    page.locator("button[name=action][value=submit]").click()
    expect(page).to_have_url(live_server.url + report_url)
    expect(page.locator("[data-report-status]")).to_have_attribute(
        "data-report-status", "submitted"
    )
    expect(page.locator("[data-report-results]")).to_contain_text(RESULTS)

    # QLKH sees the submission on the period's board, opens and accepts it.
    _sign_in(page, live_server, "qlkh")
    board_url = reverse("reporting:period", args=[period.code])
    page.goto(live_server.url + index_url)
    page.locator(f"tr[data-period='{period.code}'] a[href='{board_url}']").click()
    expect(page).to_have_url(live_server.url + board_url)
    row = page.locator(f"tr[data-unit='{unit.code}']")
    expect(row).to_have_attribute("data-state", "submitted")
    row.locator(f"a[href='{report_url}']").click()
    expect(page.locator("[data-review]")).to_be_visible()
    page.locator("button[name=action][value=accept]").click()
    expect(page.locator("[data-report-status]")).to_have_attribute("data-report-status", "accepted")
    expect(page.locator("[data-review]")).to_have_count(0)

    # The consolidated report, prefilled from the accepted report, numbered and saved.
    page.goto(live_server.url + board_url)
    expect(row).to_have_attribute("data-state", "accepted")
    page.locator("[data-consolidated-link]").click()
    expect(page).to_have_url(
        live_server.url + reverse("reporting:consolidated", args=[period.code])
    )
    form = page.locator("form[data-consolidated-form]")
    expect(form.locator("textarea[name=results]")).to_contain_text(RESULTS)
    form.locator("input[name=number]").fill(NUMBER)
    form.locator("[type=submit]").click()
    expect(page.locator(".messages .success")).to_be_visible()
    expect(form.locator("input[name=number]")).to_have_value(NUMBER)
    _screenshot(page, shots_dir / "reporting-consolidated.png")

    # The DOCX downloads and opens, in the Vietnamese administrative layout, with the results.
    with page.expect_download() as download_info:
        page.locator("[data-export=docx]").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    text = _docx_text(download.path().read_bytes())
    assert "BÁO CÁO" in text
    assert f"Số: {NUMBER}/BC-SKHCN" in text
    assert RESULTS in text

    assert browser_log.page_errors == []
    assert browser_log.failed_responses == []
