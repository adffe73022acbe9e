"""Anonymous visitors get stored pages; a publish shows at once; staff always see live pages."""

import pytest
from django.core.cache import cache

from lantoa.directory.services import agency_load
from lantoa.portal.models import ArticlePage, SectionPage
from lantoa.portal.setup import portal_setup
from lantoa.portal.signals import connect_cache_purging

AGENCY = "data/agencies/quang-ngai"


@pytest.fixture
def section(db, settings):
    settings.PORTAL_CACHE_SECONDS = 600
    cache.clear()
    connect_cache_purging()
    agency_load(folder=settings.BASE_DIR / AGENCY)
    portal_setup(folder=settings.BASE_DIR / AGENCY)
    yield SectionPage.objects.get(slug="nghi-quyet-57")
    cache.clear()


def _publish(section, title):
    article = ArticlePage(title=title, lead="Tóm tắt tin bài.")
    section.add_child(instance=article)
    article.save_revision().publish()
    return article


def test_second_anonymous_visit_is_served_from_the_cache(client, section):
    first = client.get(section.url)
    second = client.get(section.url)
    assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT")
    assert first.content == second.content


def test_a_publish_shows_on_the_next_visit(client, section):
    client.get(section.url)
    _publish(section, "Hội thảo chuyển đổi số cấp tỉnh")
    response = client.get(section.url)
    assert response["X-Cache"] == "MISS"
    assert "Hội thảo chuyển đổi số cấp tỉnh" in response.content.decode()


def test_an_unpublish_disappears_on_the_next_visit(client, section):
    article = _publish(section, "Tin sẽ gỡ xuống")
    assert "Tin sẽ gỡ xuống" in client.get(section.url).content.decode()
    article.unpublish()
    assert "Tin sẽ gỡ xuống" not in client.get(section.url).content.decode()


def test_signed_in_visitors_and_the_admin_are_never_cached(client, section, make_user):
    client.force_login(make_user("leader"))
    assert "X-Cache" not in client.get(section.url)
    assert "X-Cache" not in client.get("/admin/")


def test_non_get_and_api_requests_pass_through(client, section):
    assert "X-Cache" not in client.get("/api/v1/units/")
    assert "X-Cache" not in client.post(section.url)


def test_not_found_pages_are_not_stored(client, section):
    assert client.get("/khong-ton-tai/").status_code == 404
    assert "X-Cache" not in client.get("/khong-ton-tai/")
