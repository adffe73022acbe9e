"""The site's frame: page metadata, languages, navigation, footer, untranslated notice."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Page

from lantoa.portal.models import SectionPage, StandardPage
from lantoa.portal.tests.pages import (
    article_add,
    image_create,
    page_make_private,
    portal_build,
    section_get,
)

LEAD = "Sở Khoa học và Công nghệ tổ chức tọa đàm về đổi mới sáng tạo."
SECTION_PAGE_QUERIES = 12


@pytest.fixture
def portal(db, settings):
    settings.PORTAL_CACHE_SECONDS = 0
    cache.clear()
    home = portal_build()
    section = section_get()
    article = article_add(
        section,
        title="Tọa đàm “Đổi mới sáng tạo” năm 2025",
        slug="toa-dam",
        lead=LEAD,
        tags=("Nghị quyết 57",),
        image=image_create(),
    )
    return {
        "home": home,
        "section": section,
        "article": article,
        "about": StandardPage.objects.get(slug="gioi-thieu", locale__language_code="vi"),
    }


def _soup(client, url) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content.decode(), "html.parser")


def _meta(soup, name) -> str | None:
    tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
    return tag["content"] if tag else None


def _hreflang(soup) -> dict[str, str]:
    return {
        link["hreflang"]: link["href"]
        for link in soup.find_all("link", rel="alternate")
        if link.get("hreflang")
    }


def _switcher(soup) -> dict[str, str]:
    nav = soup.find("nav", class_="lang-switcher")
    return {link["hreflang"]: link["href"] for link in nav.find_all("a")}


def test_the_home_page_has_title_description_canonical_and_open_graph(client, portal):
    soup = _soup(client, "/")

    assert soup.html["lang"] == "vi"
    assert soup.title.string == "Truyền thông Nghị quyết 57"
    assert _meta(soup, "description").startswith("Chuyên mục của Sở Khoa học và Công nghệ")
    assert soup.find("link", rel="canonical")["href"] == "http://localhost/"
    assert _meta(soup, "og:type") == "website"
    assert _meta(soup, "og:url") == "http://localhost/"
    assert _meta(soup, "og:title") == "Truyền thông Nghị quyết 57"
    assert _meta(soup, "og:locale") == "vi_VN"
    assert _meta(soup, "og:locale:alternate") == "en_US"
    assert _hreflang(soup) == {
        "vi": "http://localhost/",
        "en": "http://localhost/en/",
        "x-default": "http://localhost/",
    }
    rss = soup.find("link", type="application/rss+xml")
    assert rss["href"] == "/rss.xml"
    assert soup.find("link", type="application/atom+xml")["href"] == "/atom.xml"


def test_an_article_has_its_lead_image_and_article_type(client, portal):
    soup = _soup(client, portal["article"].url)

    assert soup.title.string == "Tọa đàm “Đổi mới sáng tạo” năm 2025 — Truyền thông Nghị quyết 57"
    assert _meta(soup, "description") == LEAD
    assert _meta(soup, "og:description") == LEAD
    assert _meta(soup, "og:type") == "article"
    assert _meta(soup, "og:url") == "http://localhost/nghi-quyet-57/toa-dam/"
    assert soup.find("link", rel="canonical")["href"] == "http://localhost/nghi-quyet-57/toa-dam/"
    image = _meta(soup, "og:image")
    assert image.startswith("http://localhost/media/images/") and image.endswith(".jpg")
    assert (_meta(soup, "og:image:width"), _meta(soup, "og:image:height")) == ("1200", "630")
    assert _meta(soup, "twitter:card") == "summary_large_image"
    assert _meta(soup, "twitter:image") == image
    assert _meta(soup, "article:published_time")
    assert _meta(soup, "article:tag") == "Nghị quyết 57"
    # Not translated: only the Vietnamese version, which is also the x-default.
    assert _hreflang(soup) == {
        "vi": "http://localhost/nghi-quyet-57/toa-dam/",
        "x-default": "http://localhost/nghi-quyet-57/toa-dam/",
    }


def test_the_search_description_wins_over_the_lead(client, portal):
    article = portal["article"]
    article.search_description = "Mô tả cho máy tìm kiếm"
    article.save_revision().publish()

    soup = _soup(client, article.url)

    assert _meta(soup, "description") == "Mô tả cho máy tìm kiếm"


def test_a_section_offers_its_own_feeds(client, portal):
    soup = _soup(client, "/nghi-quyet-57/")

    feeds = {link["href"] for link in soup.find_all("link", rel="alternate") if link.get("type")}
    assert feeds == {
        "/rss.xml",
        "/atom.xml",
        "/feeds/nghi-quyet-57/rss.xml",
        "/feeds/nghi-quyet-57/atom.xml",
    }
    assert _meta(soup, "twitter:card") == "summary"


def test_the_english_about_page_is_english_and_points_at_its_original(client, portal):
    soup = _soup(client, "/en/gioi-thieu/")

    assert soup.html["lang"] == "en"
    assert soup.main.get("lang") is None
    assert soup.title.string == "About the Department — Resolution 57 communication"
    assert _meta(soup, "og:locale") == "en_US"
    assert soup.find("link", rel="canonical")["href"] == "http://localhost/en/gioi-thieu/"
    assert _hreflang(soup) == {
        "vi": "http://localhost/gioi-thieu/",
        "en": "http://localhost/en/gioi-thieu/",
        "x-default": "http://localhost/gioi-thieu/",
    }
    assert soup.find("link", type="application/rss+xml")["href"] == "/en/rss.xml"


def test_the_language_switcher_links_to_the_translation_or_the_page_with_a_note(client, portal):
    about = _soup(client, "/gioi-thieu/")
    assert _switcher(about) == {"vi": "/gioi-thieu/", "en": "/en/gioi-thieu/"}
    current = about.find("nav", class_="lang-switcher").find("a", attrs={"aria-current": "true"})
    assert current["lang"] == "vi"

    english = _soup(client, "/en/gioi-thieu/")
    assert _switcher(english) == {"vi": "/gioi-thieu/", "en": "/en/gioi-thieu/"}
    current = english.find("nav", class_="lang-switcher").find("a", attrs={"aria-current": "true"})
    assert current["lang"] == "en"

    # Not translated: the English link opens the Vietnamese article with a note in English.
    article = _soup(client, portal["article"].url)
    untranslated = {"vi": "/nghi-quyet-57/toa-dam/", "en": "/en/nghi-quyet-57/toa-dam/"}
    assert _switcher(article) == untranslated
    in_english = _soup(client, untranslated["en"])
    assert _switcher(in_english) == untranslated
    current = in_english.find("nav", class_="lang-switcher").find(
        "a", attrs={"aria-current": "true"}
    )
    assert current["lang"] == "en"


def test_the_switcher_keeps_the_view_on_pages_outside_the_page_tree(client, portal):
    soup = _soup(client, "/ke-hoach/")

    assert _switcher(soup) == {"vi": "/ke-hoach/", "en": "/en/ke-hoach/"}
    assert soup.find("nav", class_="site-nav").find("a")["href"] == "/"


def test_the_main_menu_lists_the_home_pages_children_in_the_visitors_language(client, portal):
    soup = _soup(client, portal["article"].url)

    nav = soup.find("nav", class_="site-nav")
    assert nav["aria-label"] == gettext("Main menu")
    links = [(link.get_text(), link["href"], link.get("aria-current")) for link in nav("a")]
    assert links == [
        (gettext("Home"), "/", None),
        ("Nghị quyết 57", "/nghi-quyet-57/", "true"),
        ("Bình dân học vụ số", "/binh-dan-hoc-vu-so/", None),
        ("Đổi mới sáng tạo", "/doi-moi-sang-tao/", None),
        ("Chuyển đổi số", "/chuyen-doi-so/", None),
        ("Giới thiệu Sở", "/gioi-thieu/", None),
        ("Liên kết", "/lien-ket/", None),
    ]
    section = _soup(client, "/nghi-quyet-57/").find("nav", class_="site-nav")
    assert section.find("a", attrs={"aria-current": "page"})["href"] == "/nghi-quyet-57/"
    assert [link["href"] for link in section("a")] == [href for _text, href, _current in links]

    with translation.override("en"):
        english = _soup(client, "/en/").find("nav", class_="site-nav")
        assert [(link.get_text(), link["href"]) for link in english("a")] == [
            (gettext("Home"), "/en/"),
            ("About the Department", "/en/gioi-thieu/"),
        ]


def test_the_menu_leaves_out_private_and_draft_pages(client, portal):
    page_make_private(section_get("chuyen-doi-so"))
    section_get("doi-moi-sang-tao").unpublish()

    hrefs = [link["href"] for link in _soup(client, "/").find("nav", class_="site-nav")("a")]

    assert "/chuyen-doi-so/" not in hrefs
    assert "/doi-moi-sang-tao/" not in hrefs
    assert "/nghi-quyet-57/" in hrefs


def test_the_menu_follows_publishing_and_restrictions_at_once(client, portal):
    _soup(client, "/")  # the menus are now kept in the cache until the next publish
    page_make_private(section_get("chuyen-doi-so"))
    section_get("doi-moi-sang-tao").unpublish()
    added = SectionPage(title="Khoa học mở", slug="khoa-hoc-mo")
    portal["home"].add_child(instance=added)
    added.save_revision().publish()

    hrefs = [link["href"] for link in _soup(client, "/").find("nav", class_="site-nav")("a")]

    assert "/khoa-hoc-mo/" in hrefs
    assert "/chuyen-doi-so/" not in hrefs
    assert "/doi-moi-sang-tao/" not in hrefs


def test_the_footer_gives_the_agencys_contacts_and_links(client, portal):
    footer = _soup(client, "/").find("footer")

    text = footer.get_text(" ", strip=True)
    assert "Sở Khoa học và Công nghệ tỉnh Quảng Ngãi" in text
    assert "15 Lê Trung Đình, phường Cẩm Thành, tỉnh Quảng Ngãi" in text
    assert footer.find("a", href="tel:02553822794").get_text() == "0255 3822 794"
    assert footer.find("a", href="mailto:skhcn@quangngai.gov.vn")
    links = footer.find("a", string=gettext("Links to other state agencies"))
    assert links["href"] == "/lien-ket/"

    with translation.override("en"):
        english = _soup(client, "/en/").find("footer")
        assert "Department of Science and Technology of Quang Ngai Province" in english.get_text()
        # The links page exists in Vietnamese only: the English footer still reaches it.
        assert english.find("a", string=gettext("Links to other state agencies"))["href"] == (
            "/lien-ket/"
        )


def test_the_page_is_accessible_in_its_structure(client, portal):
    soup = _soup(client, portal["article"].url)

    assert soup.find("a", class_="skip-link")["href"] == "#main"
    assert soup.find("main", id="main")
    assert soup.find("header") and soup.find("footer")
    for nav in soup.find_all("nav"):
        assert nav.get("aria-label"), nav
    assert not soup.find(class_="notice")


def _notice(soup):
    notice = soup.find(class_="notice")
    return notice and (notice.get_text(" ", strip=True), notice.find("a")["href"], notice["lang"])


def test_an_untranslated_page_opened_in_another_language_says_so(client, portal):
    """An English visitor following /en/… to a Vietnamese-only article reads the original."""
    soup = _soup(client, f"/en{portal['article'].url}")

    with translation.override("en"):
        expected = "{} {}".format(
            gettext("This page is not yet available in %(language)s.") % {"language": "English"},
            gettext("You are reading the %(language)s original.") % {"language": "Vietnamese"},
        )
    assert _notice(soup) == (expected, "/nghi-quyet-57/toa-dam/", "en")
    assert expected == (
        "This page is not yet available in English. You are reading the Vietnamese original."
    )
    assert soup.html["lang"] == "en"
    assert soup.main["lang"] == "vi"
    assert soup.find("link", rel="canonical")["href"] == "http://localhost/nghi-quyet-57/toa-dam/"
    assert _meta(soup, "og:locale") == "vi_VN"
    # The English frame around it: English menu, English home.
    assert soup.find("nav", class_="site-nav").find("a")["href"] == "/en/"


def test_a_path_in_no_language_is_still_not_found(client, portal):
    assert client.get("/en/nghi-quyet-57/khong-co/").status_code == 404
    assert client.get("/nghi-quyet-57/khong-co/").status_code == 404


def test_a_minority_language_enabled_without_pages_shows_the_vietnamese_site(client, portal):
    """Hrê is enabled in settings but has no pages yet: /hre/ serves the Vietnamese pages with
    the frame in Vietnamese (Django falls back to the default language's messages)."""
    soup = _soup(client, f"/hre{portal['article'].url}")

    assert soup.html["lang"] == "hre"
    assert soup.main["lang"] == "vi"
    text, link, _lang = _notice(soup)
    assert link == "/nghi-quyet-57/toa-dam/"
    with translation.override("vi"):
        assert (
            gettext("You are reading the %(language)s original.") % {"language": "Tiếng Việt"}
            in text
            or "Tiếng Việt" in text
        )


def test_the_notice_shows_when_a_language_has_no_home_page_yet(client, portal):
    # English enabled but its home page withdrawn: Wagtail serves the original pages under /en/.
    english_home = Page.objects.get(
        translation_key=portal["home"].translation_key, locale__language_code="en"
    )
    english_home.unpublish()

    soup = _soup(client, f"/en{portal['article'].url}")

    with translation.override("en"):
        expected = "{} {}".format(
            gettext("This page is not yet available in %(language)s.") % {"language": "English"},
            gettext("You are reading the %(language)s original.") % {"language": "Vietnamese"},
        )
    assert _notice(soup) == (expected, "/nghi-quyet-57/toa-dam/", "en")
    assert soup.html["lang"] == "en"
    assert soup.main["lang"] == "vi"
    # No English home: the menu and the switcher stay on the Vietnamese site.
    assert soup.find("nav", class_="lang-switcher") is None
    assert soup.find("nav", class_="site-nav").find("a")["href"] == "/"


def test_a_section_page_takes_a_fixed_number_of_queries(client, portal):
    section = portal["section"]
    for number in range(11):
        article_add(section, title=f"Tin số {number + 1}", image=image_create(f"Ảnh {number}"))
    client.get(section.url)  # renditions are made on the first visit

    with CaptureQueriesContext(connection) as queries:
        response = client.get(section.url)

    assert response.status_code == 200
    assert response.content.decode().count('class="card"') == 12
    assert len(queries) == SECTION_PAGE_QUERIES, "\n".join(q["sql"] for q in queries)
