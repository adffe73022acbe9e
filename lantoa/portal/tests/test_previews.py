"""Secret preview links: made in the admin, read without signing in, until they expire or are
revoked."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse
from wagtail.models import PageLogEntry

from lantoa import urls as project_urls
from lantoa.portal.models import ArticlePage, StandardPage
from lantoa.portal.previews import (
    PreviewLink,
    preview_link_create,
    preview_link_revoke,
    preview_token_hash,
)
from lantoa.portal.tests.test_workflow import MONDAY, portal_build, staff_user, workflow_ready

# Until lantoa/urls.py includes the preview URLs, these tests add them in front of the project's.
urlpatterns = [path("", include("lantoa.portal.previews")), *project_urls.urlpatterns]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(MONDAY, tick=False)


@pytest.fixture(autouse=True)
def _ready(db, monkeypatch):
    workflow_ready(monkeypatch)


@pytest.fixture
def home(db):
    return portal_build()


@pytest.fixture
def author(home, make_user):
    return staff_user(make_user, "unit_staff", "TTCĐS")


def _draft(parent, model, author, **fields):
    """A page never published, whose latest revision differs from the saved page."""
    page = model(title="Bản nháp đầu tiên", owner=author, live=False, **fields)
    parent.add_child(instance=page)
    page.save_revision(user=author)
    latest = page.get_latest_revision_as_object()
    latest.title = "Sáng kiến số của Trung tâm"
    latest.save_revision(user=author)
    return page


@pytest.fixture
def draft(home, author):
    return _draft(home, StandardPage, author, slug="ban-nhap", lead="Tóm tắt.")


def preview_url(token: str) -> str:
    return reverse("portal_preview", args=[token])


def test_a_link_shows_the_latest_draft_to_anyone_until_it_expires(
    client, draft, author, time_machine
):
    link, token = preview_link_create(page=draft, created_by=author, label="Báo Quảng Ngãi")

    response = client.get(preview_url(token))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Sáng kiến số của Trung tâm" in html  # the latest revision, not the saved page
    assert "portal-preview-banner" in html
    assert html.index("portal-preview-banner") > html.index("<body")
    assert "noindex" in response["X-Robots-Tag"]
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    link.refresh_from_db()
    assert link.view_count == 1

    time_machine.move_to(MONDAY + timedelta(days=7, seconds=1), tick=False)
    expired = client.get(preview_url(token))
    assert expired.status_code == 410
    assert "noindex" in expired["X-Robots-Tag"]
    assert "Sáng kiến" not in expired.content.decode()


def test_a_link_shows_a_draft_article(client, home, author):
    section = home.get_children().get(slug="nghi-quyet-57")
    article = _draft(section, ArticlePage, author, slug="sang-kien", lead="Tóm tắt.")
    link, token = preview_link_create(page=article, created_by=author)

    response = client.get(preview_url(token))

    assert response.status_code == 200
    assert "Sáng kiến số của Trung tâm" in response.content.decode()


def test_a_revoked_link_no_longer_works(client, draft, author):
    link, token = preview_link_create(page=draft, created_by=author, days=3)

    preview_link_revoke(link=link, revoked_by=author)

    assert client.get(preview_url(token)).status_code == 410
    assert PageLogEntry.objects.filter(page=draft, action="portal.preview_link.revoke").exists()


def test_an_unknown_token_is_not_found(client, draft, author):
    preview_link_create(page=draft, created_by=author)

    assert client.get(preview_url("khong-co-that")).status_code == 404


def test_only_a_hash_of_the_token_is_kept(draft, author):
    link, token = preview_link_create(page=draft, created_by=author)

    assert len(token) >= 40
    assert link.token_hash == preview_token_hash(token)
    assert not PreviewLink.objects.filter(token_hash__contains=token).exists()


def test_only_those_who_may_edit_or_review_share_a_preview(draft, make_user):
    outsider = make_user("office")

    with pytest.raises(PermissionDenied):
        preview_link_create(page=draft, created_by=outsider)


def test_editors_make_list_and_revoke_links_in_the_admin(client, draft, author):
    client.force_login(author)
    links_url = reverse("portal_preview_links", args=[draft.pk])
    assert client.get(links_url).status_code == 200

    response = client.post(links_url, {"label": "Chuyên gia phản biện", "days": 2})
    assert response.status_code == 302
    shown = client.get(links_url)
    new_link = shown.context["new_link"]
    assert new_link["url"].startswith("http")
    link = PreviewLink.objects.get(pk=new_link["id"])
    assert link.expires_at == MONDAY + timedelta(days=2)
    # The address is shown once only.
    assert client.get(links_url).context["new_link"] is None
    assert PageLogEntry.objects.filter(
        page=draft, action="portal.preview_link.create", user=author
    ).exists()

    token = new_link["url"].rstrip("/").rsplit("/", 1)[-1]
    client.logout()
    assert client.get(preview_url(token)).status_code == 200

    client.force_login(author)
    client.post(reverse("portal_preview_link_revoke", args=[draft.pk, link.pk]))
    link.refresh_from_db()
    assert link.revoked_by == author
    client.logout()
    assert client.get(preview_url(token)).status_code == 410


def test_the_admin_refuses_a_link_lasting_too_long(client, draft, author):
    client.force_login(author)

    response = client.post(reverse("portal_preview_links", args=[draft.pk]), {"days": 365})

    assert response.status_code == 200
    assert response.context["form"].errors["days"]
    assert not PreviewLink.objects.exists()


def test_the_page_header_offers_preview_links(client, draft, author):
    client.force_login(author)

    response = client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk]))

    assert reverse("portal_preview_links", args=[draft.pk]) in response.content.decode()
