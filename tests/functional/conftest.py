"""Browser journeys: Playwright drives Debian's Chromium against pytest-django's live server.

Browser tests are marked `browser`; `pytest -m "not browser"` leaves them out (the PostgreSQL
run does). No browser is ever downloaded: Playwright launches /usr/bin/chromium from Debian's
packages (`scripts/ensure-debian-packages chromium fonts-noto-core fonts-liberation2`).

Database: the live server needs a transactional database, which Django empties (flushes) after
each test. A flush also wipes what Wagtail's data migrations made: the root page, the default
site and the root image/document collection, and with the collection the role groups'
collection permissions. Browser tests therefore use `serialized_rollback`, which puts the
freshly migrated database back before each test: mark them with `wagtail_admin.fresh_database`.
Django skips post_migrate on the flush after such a test, so a later transactional test without
the mark would find no role groups either: mark every test in this folder that uses the database.
"""

import asyncio
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

# Playwright's sync API runs an asyncio event loop in this thread, so Django would refuse ORM
# calls from the test body (SynchronousOnlyOperation). The calls really are synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
# Without the network switches Chromium keeps dialling Google's services on a closed network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Screenshots of each journey land here for a person to look at; nothing compares them.
SHOTS_DIR = Path(os.environ.get("LANTOA_SHOTS_DIR", "/tmp/lantoa-shots"))  # noqa: S108
# Fail within seconds rather than Playwright's default 30 s per step.
STEP_TIMEOUT_MS = 10_000
expect.set_options(timeout=STEP_TIMEOUT_MS)


def pytest_collection_modifyitems(config, items):
    # Chromium is a Debian package, not a pip dependency: without it, skip and say why.
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: install Debian's chromium package")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def playwright(playwright):
    """Playwright, with Django still using the database connections it had before.

    Playwright's sync API leaves its asyncio loop registered as the thread's running loop.
    Django keeps connections in an asgiref Local(thread_critical=True), which looks in a
    different store whenever a loop is running, so after Playwright starts the test thread
    would open a second connection to the in-memory test database: one without the snapshot
    that serialized_rollback restores (the restore is then silently skipped), and a different
    one from the live server's. Put the connections made so far into that store too.
    """
    from django.db import connections

    loop = asyncio.get_running_loop()
    asyncio._set_running_loop(None)  # look at the store Django used before Playwright
    try:
        existing = {alias: connections[alias] for alias in connections}
    finally:
        asyncio._set_running_loop(loop)
    for alias, connection in existing.items():
        connections[alias] = connection
    return playwright


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A desktop window, so Wagtail shows the full sidebar; the staff's own language and time
    # zone; no motion, so the sidebar's sliding panels are still when we look at them.
    return {
        **browser_context_args,
        "viewport": {"width": 1366, "height": 900},
        "locale": "vi-VN",
        "timezone_id": "Asia/Ho_Chi_Minh",
        "reduced_motion": "reduce",
    }


@dataclass
class BrowserLog:
    """What went wrong in the page that the eye would not notice."""

    page_errors: list[str] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)
    blocked_requests: list[str] = field(default_factory=list)


@pytest.fixture
def browser_log() -> BrowserLog:
    return BrowserLog()


@pytest.fixture
def context(new_context, live_server, browser_log) -> BrowserContext:
    """A fresh browser context (own cookies) that may only talk to the live server.

    The machine has no network, and a government back office should not call out anyway
    (Wagtail fetches avatars from gravatar.com, for one): such requests are refused at once
    and noted in `browser_log.blocked_requests` instead of hanging on DNS.
    """
    context = new_context()
    context.set_default_timeout(STEP_TIMEOUT_MS)
    own_origin = re.escape(live_server.url)

    def refuse(route):
        browser_log.blocked_requests.append(route.request.url)
        route.abort()

    context.route(re.compile(rf"^(?!{own_origin}[/?#]|{own_origin}$|data:|blob:)"), refuse)
    return context


@pytest.fixture
def page(context, live_server, browser_log) -> Page:
    page = context.new_page()
    page.on("pageerror", lambda error: browser_log.page_errors.append(str(error)))

    def on_response(response):
        if response.url.startswith(live_server.url) and response.status >= 400:
            browser_log.failed_responses.append(f"{response.status} {response.url}")

    page.on("response", on_response)
    return page


@pytest.fixture(scope="session")
def shots_dir() -> Path:
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    return SHOTS_DIR


@pytest.fixture
def places(settings, tmp_path):
    """Media and the repository's upload folder in the test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LIBRARY_UPLOAD_DIR = tmp_path / "uploads"
    return tmp_path
