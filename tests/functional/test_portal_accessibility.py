"""The public portal meets WCAG 2.1 AA as far as a machine can tell: axe-core, run in Chromium,
finds no serious or critical violation on the home, section, article and search pages, in
Vietnamese and in English, on a desktop screen and on a phone.

axe-core comes inside the axe-playwright-python wheel (axe.min.js), so nothing is fetched at
run time. axe cannot judge everything (reading order, alt text that is wrong but present,
meaningful link text): it is the floor, not the whole of an accessibility review.
"""

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from lantoa.portal.tests.pages import article_add, image_create, portal_build, section_get

from .wagtail_admin import fresh_database

# WCAG 2.0/2.1 A and AA rules, plus axe's best practices (landmarks, one h1, heading order...).
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
BLOCKING = {"serious", "critical"}
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
SEARCH_WITH_RESULTS = "/tim-kiem/?q=doi+moi"
SEARCH_WITHOUT_RESULTS = "/tim-kiem/?q=khongcoketquanao"
# One more than a section page holds (ARTICLES_PER_PAGE), so the listing shows its pagination.
ARTICLE_COUNT = 13
# Tags, a featured image and every kind of body block the editors use most.
BODY = [
    {
        "type": "paragraph",
        "value": "<p>Sở Khoa học và Công nghệ tổ chức hội thảo về <b>đổi mới sáng tạo</b> với "
        '<a href="https://nq57.example.gov.vn/">các doanh nghiệp</a> trong tỉnh.</p>',
    },
    {"type": "quote", "value": {"quote": "Đổi mới là con đường.", "attribution": "Giám đốc Sở"}},
    {
        "type": "fact_box",
        "value": {
            "title": "Những con số chính",
            "body": "<ul><li>120 đại biểu</li><li>15 sáng kiến được giới thiệu</li></ul>",
        },
    },
    {"type": "paragraph", "value": "<h3>Kết quả</h3><p>Hội thảo thống nhất ba kiến nghị.</p>"},
]


@pytest.fixture
def portal_pages() -> dict[str, str]:
    """The portal tree, a section full of articles, and the paths of the pages to check."""
    portal_build()
    section = section_get()
    picture = image_create()
    picture.description = "Đại biểu dự hội thảo đổi mới sáng tạo tại Quảng Ngãi"
    picture.save()
    articles = [
        article_add(
            section,
            title=f"Đổi mới sáng tạo: bản tin số {number}",
            image=picture,
            tags=("đổi mới sáng tạo", "Nghị quyết 57"),
            published_days_ago=number,
        )
        for number in range(1, ARTICLE_COUNT + 1)
    ]
    article = articles[0]
    article.body = BODY
    article.save_revision().publish()
    return {
        "home": "/",
        "section": section.url,
        "article": article.url,
        "search": SEARCH_WITH_RESULTS,
        "search-empty": SEARCH_WITHOUT_RESULTS,
        "home-en": "/en/",
    }


def axe_problems(page: Page, *, name: str) -> list[str]:
    """axe's serious and critical violations on the page, each with what a developer needs."""
    results = Axe().run(page, options=AXE_OPTIONS).response
    problems = []
    for violation in results["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"])
        problems.append(
            f"{name} {page.url}: {violation['id']} ({violation['impact']}): "
            f"{violation['help']} [{violation['helpUrl']}]\n    at: {targets}"
        )
        for node in violation["nodes"][:3]:
            problems.append(f"    - {node['html'][:200]}\n      {node['failureSummary']}")
    return problems


def check(page: Page, *, base_url: str, path: str, name: str, shots: Path) -> list[str]:
    response = page.goto(base_url + path)
    assert response is not None and response.status == 200, f"{name}: {path} did not load"
    page.screenshot(path=shots / f"a11y-{name}.png", full_page=True, animations="disabled")
    problems = axe_problems(page, name=name)
    # WCAG 1.4.10 (reflow): on a phone the content must not need scrolling sideways.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if page.viewport_size["width"] <= PHONE["width"] and overflow > 0:
        problems.append(f"{name} {page.url}: the page scrolls sideways by {overflow}px")
    return problems


@pytest.mark.browser
@fresh_database
def test_public_pages_have_no_serious_accessibility_violations(
    portal_pages, page, live_server, browser_log, shots_dir
):
    base_url = live_server.url
    problems = []
    page.set_viewport_size(DESKTOP)
    for name, path in portal_pages.items():
        problems += check(page, base_url=base_url, path=path, name=name, shots=shots_dir)
        expected_lang = "en" if name.endswith("-en") else "vi"
        expect(page.locator("html")).to_have_attribute("lang", expected_lang)
        # The pages hold what they should, so axe looked at a listing, results, a paginator.
        if name == "section":
            expect(page.locator("nav.pagination")).to_be_visible()
        if name == "search":
            expect(page.locator(".search-result").first).to_be_visible()
        if name == "search-empty":
            expect(page.locator(".search-result")).to_have_count(0)

    # The pages a phone reader reaches first, with the menu and cards in one column.
    page.set_viewport_size(PHONE)
    for name in ("home", "section", "article", "search"):
        path = portal_pages[name]
        problems += check(page, base_url=base_url, path=path, name=f"{name}-phone", shots=shots_dir)

    assert not problems, "axe found serious or critical violations:\n" + "\n".join(problems)
    assert not browser_log.page_errors
    assert not browser_log.failed_responses


@pytest.mark.browser
@fresh_database
def test_keyboard_user_can_skip_to_the_content_and_sees_where_focus_is(
    portal_pages, page, live_server, shots_dir
):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + portal_pages["article"])
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    expect(skip).to_have_attribute("href", "#main")
    header = {"x": 0, "y": 0, "width": DESKTOP["width"], "height": 160}
    page.screenshot(path=shots_dir / "a11y-focus-skip-link.png", clip=header)
    # Tab on to the search box in the header.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator("#site-search-q")).to_be_focused()
    page.screenshot(path=shots_dir / "a11y-focus-search-box.png", clip=header)

    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()

    # The next Tab lands inside the content (the breadcrumb), not back in the header.
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(page.locator("main :focus")).to_have_count(1)
    # A visible focus indicator: an outline, or the yellow focus fill the stylesheet uses.
    style = focused.evaluate(
        "el => { const s = getComputedStyle(el);"
        " return [s.outlineStyle, s.outlineWidth, s.backgroundColor, s.boxShadow].join('|'); }"
    )
    outline_style, outline_width, background, shadow = style.split("|")
    has_outline = outline_style != "none" and float(re.sub(r"px$", "", outline_width)) >= 2
    assert has_outline or (background != "rgba(0, 0, 0, 0)" and shadow != "none"), style
