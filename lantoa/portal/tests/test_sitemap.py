"""sitemap.xml lists every live public page in every language; robots.txt points at it."""

import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache

from lantoa.portal.tests.pages import article_add, page_make_private, portal_build, section_get

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


@pytest.fixture
def portal(db, settings):
    settings.PORTAL_CACHE_SECONDS = 0
    cache.clear()
    home = portal_build()
    section = section_get()
    return {
        "home": home,
        "article": article_add(section, title="Tọa đàm khoa học", slug="toa-dam"),
        "draft": article_add(section, title="Bản nháp", slug="ban-nhap", publish=False),
        "private": article_add(section, title="Tin nội bộ", slug="noi-bo"),
    }


def _sitemap(client) -> dict[str, ET.Element]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own output)
    assert root.tag == f"{{{NS['sm']}}}urlset"
    return {url.findtext("sm:loc", namespaces=NS): url for url in root.findall("sm:url", NS)}


def test_the_sitemap_lists_live_pages_in_every_language(client, portal):
    page_make_private(portal["private"])

    urls = _sitemap(client)

    assert {
        "http://localhost/",
        "http://localhost/nghi-quyet-57/",
        "http://localhost/nghi-quyet-57/toa-dam/",
        "http://localhost/gioi-thieu/",
        "http://localhost/lien-ket/",
        "http://localhost/en/",
        "http://localhost/en/gioi-thieu/",
    } <= set(urls)
    assert "http://localhost/nghi-quyet-57/ban-nhap/" not in urls
    assert "http://localhost/nghi-quyet-57/noi-bo/" not in urls
    for loc, url in urls.items():
        assert url.findtext("sm:lastmod", namespaces=NS), loc


def test_translated_pages_list_each_other(client, portal):
    urls = _sitemap(client)

    about = urls["http://localhost/en/gioi-thieu/"]
    alternates = {
        link.get("hreflang"): link.get("href") for link in about.findall("xhtml:link", NS)
    }
    assert alternates == {
        "vi": "http://localhost/gioi-thieu/",
        "en": "http://localhost/en/gioi-thieu/",
        "x-default": "http://localhost/gioi-thieu/",
    }
    assert urls["http://localhost/nghi-quyet-57/"].findall("xhtml:link", NS) == []


def test_robots_txt_allows_all_but_the_admin_and_api_and_names_the_sitemap(client, portal):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Allow: /" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /api/" in lines
    assert "Sitemap: http://localhost/sitemap.xml" in lines
