"""The release step: who may release, the consent warning, withdrawal, and the audit log."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry

from lantoa.library import services
from lantoa.library.models import AssetKind, AssetStatus, Consent
from lantoa.library.tests.builders import make_asset
from lantoa.library.tests.catalogue_helpers import (
    unit_collection_of,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def NO_CONSENT() -> str:  # noqa: N802 (a message, in the language the code speaks)
    return gettext("Identifiable people appear in it, but no consent is recorded.")


@pytest.fixture
def draft(root, unit_a):
    return make_asset(
        unit=unit_a,
        collection=unit_collection_of(root, unit_a),
        kind=AssetKind.IMAGE,
        title="Ảnh lớp Bình dân học vụ số",
        status=AssetStatus.DRAFT,
    )


@pytest.fixture
def portrait(draft):
    draft.depicts_people = True
    draft.save()
    return draft


def _consent(asset, *, given_days_ago=30, expires_in_days=None, person="Trần Thị Bình"):
    return Consent.objects.create(
        asset=asset,
        person_name=person,
        scope="Ảnh trên cổng thông tin của Sở.",
        given_on=TODAY - datetime.timedelta(days=given_days_ago),
        expires_on=(
            TODAY + datetime.timedelta(days=expires_in_days)
            if expires_in_days is not None
            else None
        ),
    )


# --- the service --------------------------------------------------------------------------------


def test_unit_staff_may_not_release(staff_a, draft):
    with pytest.raises(PermissionDenied):
        services.asset_release(draft, staff_a)
    draft.refresh_from_db()
    assert draft.status == AssetStatus.DRAFT


def test_an_editor_releases_and_the_log_says_who_and_when(editor, draft):
    services.asset_release(draft, editor)
    draft.refresh_from_db()
    assert draft.status == AssetStatus.RELEASED
    assert draft.released_by == editor
    assert timezone.now() - draft.released_at < datetime.timedelta(minutes=1)
    entry = ModelLogEntry.objects.for_instance(draft).get(action="library.release")
    assert entry.user == editor


def test_people_without_consent_are_refused_with_a_warning(editor, portrait):
    with pytest.raises(services.ConsentProblem) as refused:
        services.asset_release(portrait, editor)
    assert refused.value.problems == [NO_CONSENT()]
    portrait.refresh_from_db()
    assert portrait.status == AssetStatus.DRAFT


def test_an_expired_consent_is_named_even_beside_a_valid_one(editor, portrait):
    _consent(portrait, person="Trần Thị Bình")
    expired = _consent(portrait, person="Lê Văn Cường", given_days_ago=400, expires_in_days=-5)
    with pytest.raises(services.ConsentProblem) as refused:
        services.asset_release(portrait, editor)
    (problem,) = refused.value.problems
    assert "Lê Văn Cường" in problem
    assert expired.expires_on.strftime("%d/%m/%Y") in problem


def test_a_consent_not_yet_given_is_no_consent(editor, portrait):
    _consent(portrait, given_days_ago=-3)
    with pytest.raises(services.ConsentProblem) as refused:
        services.asset_release(portrait, editor)
    assert refused.value.problems == [gettext("No recorded consent is valid today.")]


def test_a_valid_consent_lets_it_through(editor, portrait):
    _consent(portrait, expires_in_days=365)
    services.asset_release(portrait, editor)
    portrait.refresh_from_db()
    assert portrait.status == AssetStatus.RELEASED


def test_acknowledged_problems_are_released_and_logged(editor, portrait):
    services.asset_release(portrait, editor, acknowledge_consent=True)
    portrait.refresh_from_db()
    assert portrait.status == AssetStatus.RELEASED
    entry = ModelLogEntry.objects.for_instance(portrait).get(action="library.release")
    assert entry.data["consent_problems_acknowledged"] == [NO_CONSENT()]


def test_withdrawal_needs_a_reason_and_is_logged(editor, draft):
    services.asset_release(draft, editor)
    with pytest.raises(ValidationError):
        services.asset_withdraw(draft, editor, "  ")
    services.asset_withdraw(draft, editor, "Ảnh đã cũ, thay bằng ảnh mới.")
    draft.refresh_from_db()
    assert draft.status == AssetStatus.WITHDRAWN
    entry = ModelLogEntry.objects.for_instance(draft).get(action="library.withdraw")
    assert entry.data["reason"] == "Ảnh đã cũ, thay bằng ảnh mới."


def test_unit_staff_may_not_withdraw(editor, staff_a, draft):
    services.asset_release(draft, editor)
    with pytest.raises(PermissionDenied):
        services.asset_withdraw(draft, staff_a, "Không cần nữa")


# --- the screens --------------------------------------------------------------------------------


def test_release_screen_is_forbidden_to_unit_staff(client, staff_a, draft):
    client.force_login(staff_a)
    for response in (
        client.get(reverse("library_assets:release", args=[draft.pk])),
        client.post(reverse("library_assets:release", args=[draft.pk])),
    ):
        # Wagtail answers a refused admin page by sending the user to the dashboard.
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")
    draft.refresh_from_db()
    assert draft.status == AssetStatus.DRAFT


def test_release_buttons_show_only_to_those_who_may_release(client, staff_a, editor, draft):
    release_url = reverse("library_assets:release", args=[draft.pk])
    client.force_login(staff_a)
    assert release_url not in client.get(reverse("library_assets:index")).content.decode()
    client.force_login(editor)
    assert release_url in client.get(reverse("library_assets:index")).content.decode()
    inspect = client.get(reverse("library_assets:inspect", args=[draft.pk])).content.decode()
    assert release_url in inspect


def test_release_screen_warns_and_needs_the_box_ticked(client, editor, portrait):
    client.force_login(editor)
    url = reverse("library_assets:release", args=[portrait.pk])
    page = client.get(url).content.decode()
    assert NO_CONSENT() in page
    assert 'name="acknowledge_consent"' in page

    response = client.post(url, {})
    assert response.status_code == 200
    assert "acknowledge_consent" in response.context["form"].errors
    portrait.refresh_from_db()
    assert portrait.status == AssetStatus.DRAFT

    response = client.post(url, {"acknowledge_consent": "on"})
    assert response.status_code == 302
    portrait.refresh_from_db()
    assert portrait.status == AssetStatus.RELEASED


def test_release_without_consent_needs_no_box(client, editor, draft):
    client.force_login(editor)
    url = reverse("library_assets:release", args=[draft.pk])
    assert 'type="checkbox" name="acknowledge_consent"' not in client.get(url).content.decode()
    assert client.post(url, {}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == AssetStatus.RELEASED


def test_withdraw_screen_takes_the_reason(client, editor, draft):
    services.asset_release(draft, editor)
    client.force_login(editor)
    url = reverse("library_assets:withdraw", args=[draft.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "Sai bản quyền"}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == AssetStatus.WITHDRAWN


def test_release_shows_at_once_in_the_cached_catalogue(
    client, editor, draft, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_CACHE_SECONDS = 600
    catalogue = reverse("library_catalogue")
    assert draft.title not in client.get(catalogue).content.decode()
    assert client.get(catalogue)["X-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        services.asset_release(draft, editor)
    assert draft.title in client.get(catalogue).content.decode()
