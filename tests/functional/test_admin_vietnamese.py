"""A member of staff using the admin in Vietnamese meets no English interface text.

The test signs in as the system administrator (a superuser, who reaches every screen), walks
the main admin screens — dashboard, pages and the page editor, images, documents, workflows,
settings, and the project's own screens — and reads what a person reads there: the visible
text, and the labels given to assistive technology (aria-label, title, placeholder, alt). It
fails on any word of ENGLISH_WORDS, a maintained list of the words an untranslated admin shows
most. Screenshots of each screen go to the shots folder.
"""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page
from wagtail.models import Page as WagtailPage

from lantoa.directory.models import Unit
from lantoa.directory.tests.factories import TEST_PASSWORD
from lantoa.library.tests.catalogue_helpers import library_collections
from lantoa.plans.loading import plan_load
from lantoa.plans.tests.factories import PLAN_2725
from lantoa.portal.tests.pages import article_add, portal_build, section_get
from lantoa.reporting.calendar import half_year_periods_ensure

from .wagtail_admin import admin_login, fresh_database

# Words an admin left in English shows on most screens. Whole words, case-sensitive.
ENGLISH_WORDS = [
    "Sign in",
    "Sign out",
    "Log out",
    "Dashboard",
    "Pages",
    "Page",
    "Images",
    "Image",
    "Documents",
    "Document",
    "Workflows",
    "Workflow",
    "Tasks",
    "Task",
    "Settings",
    "Users",
    "Groups",
    "Search",
    "Add",
    "Edit",
    "Delete",
    "Save",
    "Cancel",
    "Publish",
    "Unpublish",
    "Draft",
    "Live",
    "Actions",
    "Collections",
    "Collection",
    "Snippets",
    "Reports",
    "Help",
    "Status",
    "Title",
    "Updated",
    "Type",
    "Choose",
    "Upload",
    "Filter",
    "Filters",
    "Sort",
    "Next",
    "Previous",
    "Site",
    "Sites",
    "Port",
    "Locale",
    "Locales",
    "Name",
    "View",
    "More",
    "Create",
    "Account",
    "Redirects",
    "Owner",
    "Created",
    "Copy",
    "Move",
    "History",
    "Preview",
    "Select",
    "Clear",
    "Apply",
    "Show",
    "Hide",
    "Close",
    "Back",
    "Home",
    "Language",
    "Password",
    "Username",
    "Date",
    "Author",
    "Items",
    "Results",
    "Enabled",
    "Disabled",
    "Yes",
    "No",
    "Unit",
    "Units",
    "Plan",
    "Report",
    "Progress",
    "Targets",
    "Period",
    "Release",
    "Assets",
    "Download",
    "Import",
    "Export",
    "Comments",
    "Privacy",
    "Notifications",
    "Profile",
]
FINDER = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ENGLISH_WORDS)) + r")(?![\w-])")
READABLE_ATTRIBUTES = ["aria-label", "title", "placeholder", "alt"]


@pytest.fixture
def admin_data(make_user):
    """The Quảng Ngãi agency, Plan 2725, the portal with an article, the repository's
    collections, this half-year's reporting period, and the system administrator."""
    portal_build()
    plan = plan_load(path=PLAN_2725).plan
    article_add(section_get(), title="Hội thảo chuyển đổi số", unit_code="TTCĐS")
    library_collections(plan.organisation)
    half_year_periods_ensure(plan=plan)
    unit = Unit.objects.get(code="TTCĐS")
    admin = make_user(
        "system_admin", unit=unit, username="quantri", is_superuser=True, is_staff=True
    )
    return {"plan": plan, "unit": unit, "admin": admin}


def screens(data) -> dict[str, str]:
    home = WagtailPage.objects.get(depth=2, locale__language_code="vi")
    article = WagtailPage.objects.filter(depth__gt=3).order_by("pk").last()
    period = data["plan"].reporting_periods.order_by("-unit_due_on").first()
    return {
        "dashboard": reverse("wagtailadmin_home"),
        "pages": reverse("wagtailadmin_explore", args=[home.pk]),
        "page-editor": reverse("wagtailadmin_pages:edit", args=[article.pk]),
        "images": reverse("wagtailimages:index"),
        "image-upload": reverse("wagtailimages:add_multiple"),
        "documents": reverse("wagtaildocs:index"),
        "workflows": reverse("wagtailadmin_workflows:index"),
        "workflow-tasks": reverse("wagtailadmin_workflows:task_index"),
        "users": reverse("wagtailusers_users:index"),
        "groups": reverse("wagtailusers_groups:index"),
        "sites": reverse("wagtailsites:index"),
        "locales": reverse("wagtaillocales:index"),
        "collections": reverse("wagtailadmin_collections:index"),
        "redirects": reverse("wagtailredirects:index"),
        "site-history": reverse("wagtailadmin_reports:site_history"),
        "account": reverse("wagtailadmin_account"),
        "plan-dashboard": reverse("plans_dashboard"),
        "progress": reverse("plans_progress:index"),
        "units": reverse("unit:index"),
        "people": reverse("person:index"),
        "assets": reverse("library_assets:index"),
        "upload": reverse("library_upload"),
        "bulk-import": reverse("library_bulk_import:form"),
        "reports": reverse("reporting:index"),
        "report": reverse("reporting:unit_report", args=[period.code, data["unit"].pk]),
        "consolidated": reverse("reporting:consolidated", args=[period.code]),
    }


def english_on(page: Page) -> set[str]:
    """The English words a person reads on the page (text, and labels for screen readers)."""
    texts = [page.locator("body").inner_text()]
    texts += page.evaluate(
        """(names) => [...document.querySelectorAll('body *')]
            .filter((node) => node.checkVisibility ? node.checkVisibility() : true)
            .flatMap((node) => names.map((name) => node.getAttribute(name)).filter(Boolean))""",
        READABLE_ATTRIBUTES,
    )
    return {match.group(0) for text in texts for match in FINDER.finditer(text)}


@pytest.mark.browser
@fresh_database
def test_the_admin_speaks_vietnamese_on_every_main_screen(
    admin_data, page, live_server, browser_log, shots_dir
):
    admin_login(page, base_url=live_server.url, username="quantri", password=TEST_PASSWORD)
    assert settings.LANGUAGE_CODE == "vi"
    found = {}
    for name, url in screens(admin_data).items():
        response = page.goto(live_server.url + url)
        assert response.status == 200, f"{name}: {response.status}"
        page.wait_for_load_state("networkidle")
        page.screenshot(path=shots_dir / f"admin-vi-{name}.png", animations="disabled")
        words = english_on(page)
        if words:
            found[name] = sorted(words)
    assert found == {}, "English on Vietnamese screens:\n" + "\n".join(
        f"  {name}: {', '.join(words)}" for name, words in found.items()
    )
    assert browser_log.page_errors == []
