"""Each role signs in to the admin and finds its own menu, and nothing it may not use.

The menus follow the role definitions in lantoa/directory/roles.py. Entries are matched by URL
(reversed from their URL names) and submenus by name or by an entry they hold, never by label,
so the test holds whether the admin shows Vietnamese or, before a catalogue is compiled, English.
It asserts what a role must and must never see, not the whole menu, so a new app's menu does not
break it. The screenshots in /tmp/lantoa-shots/ (LANTOA_SHOTS_DIR) show what each role saw.
"""

from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from lantoa.directory.models import Unit
from lantoa.directory.roles import ROLES
from lantoa.directory.services import agency_load
from lantoa.directory.tests.factories import TEST_PASSWORD

from .wagtail_admin import admin_login, fresh_database, sidebar_menu

# Menu entries, by URL name.
UNITS = "unit:index"
STAFF = "person:index"
EXTERNAL_ORGANISATIONS = "externalorganisation:index"
AGENCIES = "organisation:index"
USERS = "wagtailusers_users:index"
GROUPS = "wagtailusers_groups:index"
API_TOKENS = "wagtailusers_api_tokens:index"
IMAGES = "wagtailimages:index"
DOCUMENTS = "wagtaildocs:index"

DIRECTORY_ALL = {UNITS, STAFF, EXTERNAL_ORGANISATIONS, AGENCIES}
ACCOUNTS = {USERS, GROUPS, API_TOKENS}  # only the system administrator manages accounts


@dataclass(frozen=True)
class Submenu:
    """Where in the sidebar: the top level, a submenu by its fixed name, or by what it holds.

    Wagtail's own submenus have fixed names ("settings"). A ViewSetGroup without `menu_name`
    is named after its label as first rendered, so the Directory group is "directory" or
    "danh-ba" depending on the language; it is found by an entry only it holds.
    """

    name: str | None = None
    holding: str | None = None  # URL name

    def entries(self, menu: dict[str, list[str]]) -> list[str] | None:
        if self.holding is None:
            return menu.get(self.name)
        anchor = reverse(self.holding)
        return next((hrefs for name, hrefs in menu.items() if name and anchor in hrefs), None)

    def __str__(self):
        return repr(self.name) if self.holding is None else f"the submenu with {self.holding}"


TOP = Submenu(name="")
SETTINGS = Submenu(name="settings")
DIRECTORY = Submenu(holding=UNITS)  # lantoa.directory.wagtail_hooks.DirectoryViewSetGroup


@dataclass(frozen=True)
class ExpectedMenu:
    sees: dict[Submenu, set[str]]  # entries that must be in that submenu
    never: set[str] = field(default_factory=set)  # entries that must be nowhere in the menu


EXPECTED_MENUS = {
    # Read everything in the directory, manage no accounts.
    "leader": ExpectedMenu(sees={DIRECTORY: DIRECTORY_ALL}, never=ACCOUNTS),
    "lead_division": ExpectedMenu(sees={DIRECTORY: DIRECTORY_ALL}, never=ACCOUNTS),
    # Their own unit's staff records, but not the people who may sign in.
    "unit_staff": ExpectedMenu(sees={DIRECTORY: DIRECTORY_ALL}, never=ACCOUNTS),
    # Images and documents; the directory is none of their business.
    "editor": ExpectedMenu(sees={TOP: {IMAGES, DOCUMENTS}}, never={*DIRECTORY_ALL, *ACCOUNTS}),
    # The directory's units and partners, not staff records or accounts.
    "office": ExpectedMenu(
        sees={DIRECTORY: {UNITS, EXTERNAL_ORGANISATIONS, AGENCIES}}, never={STAFF, *ACCOUNTS}
    ),
    "system_admin": ExpectedMenu(sees={DIRECTORY: DIRECTORY_ALL, SETTINGS: ACCOUNTS}),
}

# Where each role's test user works (as in lantoa/directory/demo.py).
ROLE_UNITS = {
    "leader": "LĐS",
    "lead_division": "QLKH",
    "unit_staff": "TTCĐS",
    "editor": "TTCĐS",
    "office": "VP",
    "system_admin": "TTCĐS",
}


def test_every_role_has_an_expected_menu():
    # A role added to roles.py must get its line in EXPECTED_MENUS (and a browser run).
    assert set(EXPECTED_MENUS) == {role.code for role in ROLES} == set(ROLE_UNITS)


@pytest.fixture
def role_users(make_user):
    """The agency, its five units and one signed-up user per role, named by the role code."""
    agency_load(folder=settings.BASE_DIR / "data/agencies/quang-ngai")
    units = {unit.code: unit for unit in Unit.objects.all()}
    return {
        role.code: make_user(role.code, unit=units[ROLE_UNITS[role.code]], username=role.code)
        for role in ROLES
    }


def _urls(names):
    return {reverse(name) for name in names}


def _describe(menu):
    return "\n".join(f"  {name or '(top)'}: {hrefs}" for name, hrefs in menu.items())


@pytest.mark.browser
@fresh_database
@pytest.mark.parametrize("role_code", list(EXPECTED_MENUS))
def test_role_signs_in_and_sees_its_menu(
    role_code, role_users, page, live_server, browser_log, shots_dir
):
    expected = EXPECTED_MENUS[role_code]

    admin_login(page, base_url=live_server.url, username=role_code, password=TEST_PASSWORD)

    expect(page).to_have_url(live_server.url + reverse("wagtailadmin_home"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.screenshot(path=shots_dir / f"{role_code}.png", animations="disabled")
    menu = sidebar_menu(page, shots=shots_dir, prefix=role_code)

    seen = {href for hrefs in menu.values() for href in hrefs}
    for submenu, names in expected.sees.items():
        missing = _urls(names) - set(submenu.entries(menu) or [])
        assert not missing, f"{role_code} misses {missing} in {submenu}; saw:\n{_describe(menu)}"
    forbidden = _urls(expected.never) & seen
    assert not forbidden, f"{role_code} must not see {forbidden}; saw:\n{_describe(menu)}"
    # The admin's CSS and JavaScript came from the live server, and nothing broke on the way.
    assert not browser_log.failed_responses, browser_log.failed_responses
    assert not browser_log.page_errors, browser_log.page_errors


@pytest.mark.browser
@fresh_database
def test_wrong_passwords_in_a_row_lock_the_sign_in(role_users, page, live_server, shots_dir):
    limit = settings.AXES_FAILURE_LIMIT  # 5
    responses = [
        admin_login(page, base_url=live_server.url, username="unit_staff", password="sai-mật-khẩu")
        for _attempt in range(limit + 1)
    ]
    page.screenshot(path=shots_dir / "lockout.png", animations="disabled")

    # A failed attempt shows the form again; the attempt that reaches the limit, and every one
    # after it, gets django-axes' 429 with lantoa/core/templates/core/lockout.html instead.
    assert [response.status for response in responses] == [200] * (limit - 1) + [429, 429]
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("form.login-form")).to_have_count(0)
    expect(page.locator(f"main a[href='{reverse('wagtailadmin_login')}']")).to_be_visible()

    # While locked out, even the right password does not let the user in.
    right = admin_login(
        page, base_url=live_server.url, username="unit_staff", password=TEST_PASSWORD
    )
    assert right.status == 429
    expect(page.locator("form.login-form")).to_have_count(0)
