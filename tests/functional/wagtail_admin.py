"""What a person does in the Wagtail admin, for the browser tests: sign in, read the sidebar.

Everything here finds elements by names, hrefs and Wagtail's own ids, never by visible text,
so the tests pass whatever language the admin is shown in.
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, Response, expect

# For a browser test that must start from a freshly migrated database (see conftest.py).
fresh_database = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SUBMENU_TITLE_ID = re.compile(r"^wagtail-sidebar-submenu-(?P<name>.+)-title$")
# Wagtail's Help submenu holds only links to guide.wagtail.org, and opening it saves "seen" to
# the user's profile (a PATCH that could still be running when the test's database is reset).
NOT_OPENED = {"help"}


def admin_login(page: Page, *, base_url: str, username: str, password: str) -> Response:
    """Fill in and send Wagtail's sign-in form; return the response to its POST."""
    login_url = base_url + reverse("wagtailadmin_login")
    form = page.locator("form.login-form")
    # After a failed attempt the form is shown again: type into it, as a person would.
    if not (page.url.startswith(login_url) and form.count()):
        page.goto(login_url)
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(password)

    def posted_to_login(response):
        return response.request.method == "POST" and response.url.startswith(login_url)

    # Return only once the answer's page has loaded, so the next step sees the new page.
    with page.expect_event("load"), page.expect_response(posted_to_login) as posted:
        form.locator("[type=submit]").click()
    return posted.value


def sidebar_menu(page: Page, *, shots: Path | None = None, prefix: str = "") -> dict[str, list]:
    """The admin sidebar as the user sees it: {submenu name: [link hrefs]}, "" = top level.

    Each submenu is opened by clicking it, as a person would, and read once it shows. Submenus
    are keyed by the menu item's `name` (Wagtail puts it in the panel title's id), links by
    their href. Submenus in NOT_OPENED are left shut and out of the result. With `shots`,
    each open submenu is saved as <prefix>-<name>.png.
    """
    sidebar = page.locator("[data-wagtail-sidebar]")
    # The React sidebar drops this class once it has rendered.
    expect(sidebar).not_to_have_class(re.compile(r"\bsidebar-loading\b"))
    nav = sidebar.locator("nav.sidebar-main-menu")
    expect(nav).to_be_visible()

    top_links = nav.locator(":scope > ul > li > a.sidebar-menu-item__link")
    menu = {"": [link.get_attribute("href") for link in top_links.all()]}
    for item in nav.locator(":scope > ul > li.sidebar-sub-menu-item").all():
        links_list = item.locator("ul[aria-labelledby]")
        match = SUBMENU_TITLE_ID.match(links_list.get_attribute("aria-labelledby") or "")
        assert match, "a sidebar submenu without Wagtail's title id: has the markup changed?"
        if match["name"] in NOT_OPENED:
            continue
        toggle = item.locator(":scope > button[aria-haspopup=menu]")
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        links = links_list.locator("a.sidebar-menu-item__link")
        expect(links.first).to_be_visible()
        menu[match["name"]] = [link.get_attribute("href") for link in links.all()]
        if shots is not None:
            page.screenshot(path=shots / f"{prefix}-{match['name']}.png", animations="disabled")
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "false")
    return menu


def network_drops_first(page: Page, pattern: str) -> list[str]:
    """Cut the connection of the first request to `pattern` (a glob of URLs), as a flaky
    network would; return the list that then holds that request's URL."""
    dropped: list[str] = []

    def drop_first(route):
        if not dropped:
            dropped.append(route.request.url)
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route(pattern, drop_first)
    return dropped
