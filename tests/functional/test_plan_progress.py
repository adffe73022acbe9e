"""A unit reports progress on a plan task with evidence, and the Department's leader sees it.

Fields are found by their names and the submit by its type, never by visible text, so the test
holds in Vietnamese and English alike.
"""

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from lantoa.directory.models import Unit
from lantoa.directory.services import agency_load
from lantoa.directory.tests.factories import TEST_PASSWORD
from lantoa.plans.loading import plan_load
from lantoa.plans.models import TaskProgress

from .wagtail_admin import admin_login, fresh_database

PLAN_FILE = "data/agencies/quang-ngai/plan-2725.yaml"
NOTE = "Đăng 12 tin bài và 3 infographic về Nghị quyết 57 trên chuyên mục của Sở."


@pytest.fixture
def plan_people(make_user):
    agency_load(folder=settings.BASE_DIR / "data/agencies/quang-ngai")
    plan = plan_load(path=settings.BASE_DIR / PLAN_FILE).plan
    units = {unit.code: unit for unit in Unit.objects.all()}
    return {
        "plan": plan,
        "author": make_user("unit_staff", unit=units["TTCĐS"], username="canbo"),
        "other_unit": make_user("unit_staff", unit=units["BCVT"], username="canbo2"),
        "leader": make_user("leader", unit=units["LĐS"], username="lanhdao"),
    }


@pytest.mark.browser
@fresh_database
def test_unit_reports_progress_with_evidence_and_the_leader_sees_it(
    plan_people, page, live_server, browser_log, shots_dir
):
    plan = plan_people["plan"]
    task = plan.nodes.get(path="III.1.a")

    # The unit's officer opens the dashboard and reports on task III.1.a.
    admin_login(page, base_url=live_server.url, username="canbo", password=TEST_PASSWORD)
    page.goto(live_server.url + reverse("plans_dashboard"))
    page.locator(f"a[href*='task={task.pk}']").first.click()
    expect(page.locator("select[name=task]")).to_have_value(str(task.pk))
    page.locator("select[name=status]").select_option("in_progress")
    page.locator("textarea[name=note]").fill(NOTE)
    page.locator("input[name=link_title_1]").fill("Chuyên mục Nghị quyết 57")
    page.locator("input[name=link_url_1]").fill("https://skhcn.quangngai.gov.vn/nghi-quyet-57")
    page.locator("input[name=evidence_file]").set_input_files(
        files=[{"name": "bao-cao.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 demo"}]
    )
    page.screenshot(path=shots_dir / "progress-form.png", full_page=True, animations="disabled")
    page.locator("form.lt-form [type=submit]").click()
    expect(page).to_have_url(live_server.url + reverse("plans_progress:index"))

    progress = TaskProgress.objects.get()
    assert (progress.node, progress.unit.code, progress.note) == (task, "TTCĐS", NOTE)
    assert {item.title for item in progress.evidence.all()} == {
        "Chuyên mục Nghị quyết 57",
        "bao-cao.pdf",
    }

    # Another unit's officer does not see the report.
    page.context.clear_cookies()
    admin_login(page, base_url=live_server.url, username="canbo2", password=TEST_PASSWORD)
    page.goto(live_server.url + reverse("plans_progress:index"))
    expect(page.get_by_text(NOTE)).to_have_count(0)
    response = page.goto(live_server.url + reverse("plans_progress:inspect", args=[progress.pk]))
    assert response.status == 404

    # The leader sees it on the dashboard and opens it with its evidence.
    page.context.clear_cookies()
    admin_login(page, base_url=live_server.url, username="lanhdao", password=TEST_PASSWORD)
    page.goto(live_server.url + reverse("plans_dashboard"))
    inspect_url = reverse("plans_progress:inspect", args=[progress.pk])
    expect(page.locator(f"a[href='{inspect_url}']")).to_be_visible()
    page.screenshot(path=shots_dir / "leader-dashboard.png", full_page=True, animations="disabled")
    page.locator(f"a[href='{inspect_url}']").click()
    expect(page.get_by_text(NOTE)).to_be_visible()
    expect(page.locator("a[href='https://skhcn.quangngai.gov.vn/nghi-quyet-57']")).to_be_visible()
    download_url = reverse("plans_progress_evidence", args=[progress.evidence.get(url="").pk])
    expect(page.locator(f"a[href='{download_url}']")).to_be_visible()
    assert not browser_log.page_errors, browser_log.page_errors
