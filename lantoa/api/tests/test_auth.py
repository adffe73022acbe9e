"""Staff authentication of the API: a Wagtail API token, or the admin session."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import APIToken

from lantoa.directory.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

PEOPLE = "/api/v1/people/"


@pytest.fixture
def staff(make_user, unit_a):
    return make_user("unit_staff", unit=unit_a, username="canbo.a")


def test_anonymous_callers_get_401(client):
    response = client.get(PEOPLE)

    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_a_bearer_token_authenticates_and_records_its_use(client, staff):
    token, raw = APIToken.create_token(user=staff, name="Hệ thống báo cáo")

    response = client.get(PEOPLE, headers={"Authorization": f"Bearer {raw}"})

    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_only_the_plaintext_token_works_not_its_stored_digest(client, staff):
    token, _raw = APIToken.create_token(user=staff, name="t")

    response = client.get(PEOPLE, headers={"Authorization": f"Bearer {token.key_hash}"})

    assert response.status_code == 401


def test_a_revoked_token_gets_401(client, staff):
    token, raw = APIToken.create_token(user=staff, name="t")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])

    assert client.get(PEOPLE, headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_a_token_of_an_inactive_user_gets_401(client, staff):
    _token, raw = APIToken.create_token(user=staff, name="t")
    staff.is_active = False
    staff.save()

    assert client.get(PEOPLE, headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_a_bad_token_is_not_rescued_by_a_session(client, staff):
    """A session cookie riding along with a wrong token must not authenticate the call."""
    client.force_login(staff)

    response = client.get(PEOPLE, headers={"Authorization": "Bearer wagtail_not-a-token"})

    assert response.status_code == 401


def test_the_admin_session_authenticates(client, staff):
    client.force_login(staff)

    assert client.get(PEOPLE).status_code == 200


def test_a_session_write_needs_the_csrf_token(staff, unit_a):
    person = PersonFactory(unit=unit_a)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff)

    response = browser.patch(
        f"{PEOPLE}{person.pk}/", {"position": "X"}, content_type="application/json"
    )

    assert response.status_code == 403
    person.refresh_from_db()
    assert person.position != "X"


def test_a_token_write_needs_no_csrf_token(staff, unit_a):
    person = PersonFactory(unit=unit_a)
    _token, raw = APIToken.create_token(user=staff, name="t")
    system = Client(enforce_csrf_checks=True)

    response = system.patch(
        f"{PEOPLE}{person.pk}/",
        {"position": "Chuyên viên chính"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )

    assert response.status_code == 200
    person.refresh_from_db()
    assert person.position == "Chuyên viên chính"


def test_signing_out_of_the_admin_ends_api_access(client, staff):
    client.force_login(staff)
    client.post(reverse("wagtailadmin_logout"))

    assert client.get(PEOPLE).status_code == 401
