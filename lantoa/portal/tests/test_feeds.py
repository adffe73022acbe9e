"""RSS and Atom feeds: site-wide and per section, parsed by a real feed reader library."""

import feedparser
import pytest
from django.core.cache import cache
from wagtail.models import Locale

from lantoa.portal import feeds
from lantoa.portal.models import SectionPage
from lantoa.portal.tests.pages import (
    article_add,
    image_create,
    page_make_private,
    portal_build,
    section_get,
)

TITLE = "Hội thảo “Khoa học & Công nghệ” tỉnh Quảng Ngãi năm 2025"
LEAD = "Đổi mới sáng tạo, chuyển đổi số: những kết quả bước đầu ở các xã miền núi."


@pytest.fixture
def portal(db, settings):
    settings.PORTAL_CACHE_SECONDS = 0
    cache.clear()
    home = portal_build()
    section = section_get()
    events = SectionPage(title="Sự kiện", slug="su-kien", intro="<p>Sự kiện nổi bật</p>")
    section.add_child(instance=events)
    events.save_revision().publish()
    pages = {
        "home": home,
        "section": section,
        "events": events,
        "main": article_add(
            section,
            title=TITLE,
            lead=LEAD,
            slug="hoi-thao",
            tags=("Nghị quyết 57", "chuyển đổi số"),
            image=image_create(),
            published_days_ago=2,
        ),
        "sub": article_add(
            events, title="Ngày hội đổi mới sáng tạo", slug="ngay-hoi", published_days_ago=1
        ),
        "other": article_add(
            section_get("binh-dan-hoc-vu-so"),
            title="Tổ công nghệ số cộng đồng ra mắt",
            slug="to-cong-nghe-so",
            unit_code=None,
            published_days_ago=3,
        ),
        "draft": article_add(section, title="Bản nháp chưa duyệt", slug="nhap", publish=False),
        "private": article_add(section, title="Tin nội bộ", slug="noi-bo"),
    }
    page_make_private(pages["private"])
    return pages


def _parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return response, parsed


@pytest.mark.parametrize("url", ["/rss.xml", "/atom.xml"])
def test_the_site_feed_lists_live_public_articles_newest_first(client, portal, url):
    response, parsed = _parse(client, url)

    assert parsed.feed.title == portal["home"].title
    assert parsed.feed.language == "vi"
    assert [entry.title for entry in parsed.entries] == [
        "Ngày hội đổi mới sáng tạo",
        TITLE,
        "Tổ công nghệ số cộng đồng ra mắt",
    ]
    body = response.content.decode()
    assert "Bản nháp chưa duyệt" not in body
    assert "Tin nội bộ" not in body


def test_rss_items_carry_link_lead_date_author_topics_and_image(client, portal):
    response, parsed = _parse(client, "/rss.xml")

    assert response["Content-Type"].startswith("application/rss+xml")
    assert parsed.version == "rss20"
    entry = next(entry for entry in parsed.entries if entry.title == TITLE)
    assert entry.link == "http://localhost/nghi-quyet-57/hoi-thao/"
    assert entry.id == entry.link
    assert entry.summary == LEAD
    assert entry.author == "Văn phòng Sở"
    assert {tag.term for tag in entry.tags} == {"Nghị quyết 57", "chuyển đổi số"}
    published = portal["main"].first_published_at
    assert entry.published_parsed[:5] == published.utctimetuple()[:5]
    (enclosure,) = entry.enclosures
    assert enclosure.type == "image/jpeg"
    assert enclosure.href.startswith("http://localhost/media/images/")
    assert int(enclosure.length) > 0
    assert client.get(enclosure.href.removeprefix("http://localhost")).status_code == 200


def test_atom_entries_carry_the_same(client, portal):
    response, parsed = _parse(client, "/atom.xml")

    assert response["Content-Type"].startswith("application/atom+xml")
    assert parsed.version == "atom10"
    entry = next(entry for entry in parsed.entries if entry.title == TITLE)
    assert entry.link == "http://localhost/nghi-quyet-57/hoi-thao/"
    assert entry.summary == LEAD
    assert entry.author == "Văn phòng Sở"
    assert {tag.term for tag in entry.tags} == {"Nghị quyết 57", "chuyển đổi số"}
    assert entry.published_parsed and entry.updated_parsed
    enclosure = next(link for link in entry.links if link.rel == "enclosure")
    assert enclosure.type == "image/jpeg"
    # Atom wants an author for every entry: the feed's, the agency, stands in where the
    # article names no unit.
    assert parsed.feed.author == "Sở Khoa học và Công nghệ tỉnh Quảng Ngãi"
    other = next(entry for entry in parsed.entries if entry.title.startswith("Tổ công nghệ"))
    assert "author" not in other


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_section_feed_includes_its_subsections_only(client, portal, kind):
    _response, parsed = _parse(client, f"/feeds/nghi-quyet-57/{kind}.xml")

    assert parsed.feed.title == f"Nghị quyết 57 — {portal['home'].title}"
    assert parsed.feed.link == "http://localhost/nghi-quyet-57/"
    assert [entry.title for entry in parsed.entries] == ["Ngày hội đổi mới sáng tạo", TITLE]


def test_a_subsection_has_its_own_feed(client, portal):
    _response, parsed = _parse(client, "/feeds/nghi-quyet-57/su-kien/rss.xml")

    assert [entry.title for entry in parsed.entries] == ["Ngày hội đổi mới sáng tạo"]


def test_a_feed_stops_at_its_limit(client, portal, monkeypatch):
    monkeypatch.setattr(feeds, "FEED_ITEMS", 2)

    _response, parsed = _parse(client, "/rss.xml")

    assert len(parsed.entries) == 2


def test_feeds_of_unknown_private_or_draft_sections_are_not_found(client, portal):
    page_make_private(section_get("chuyen-doi-so"))
    draft = SectionPage(title="Chuyên mục nháp", slug="nhap-chuyen-muc", live=False)
    portal["home"].add_child(instance=draft)
    draft.save_revision()

    for url in (
        "/feeds/khong-co/rss.xml",
        "/feeds/chuyen-doi-so/rss.xml",
        "/feeds/nhap-chuyen-muc/atom.xml",
        "/feeds/nghi-quyet-57/hoi-thao/rss.xml",  # an article, not a section
    ):
        assert client.get(url).status_code == 404, url


def test_another_language_has_its_own_feed_under_its_prefix(client, portal):
    _response, parsed = _parse(client, "/en/rss.xml")

    assert parsed.feed.title == "Resolution 57 communication"
    assert parsed.feed.language == "en"
    assert parsed.feed.link == "http://localhost/en/"
    assert parsed.entries == []  # nothing translated yet


def test_the_default_language_and_unknown_languages_have_no_prefixed_feed(client, portal):
    Locale.objects.get_or_create(language_code="hre")  # a locale without a home page

    for url in ("/vi/rss.xml", "/xx/rss.xml", "/hre/atom.xml", "/en/feeds/nghi-quyet-57/rss.xml"):
        assert client.get(url).status_code == 404, url
