"""The directory endpoints of /api/v1/: public units and organisations, staff-only people."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import APIToken, ModelLogEntry

from lantoa.directory.models import Person
from lantoa.directory.tests.factories import (
    ExternalContactFactory,
    ExternalOrganisationFactory,
    PersonFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db

PEOPLE = "/api/v1/people/"


@pytest.fixture
def person_a(unit_a) -> Person:
    return PersonFactory(
        unit=unit_a, full_name="Nguyễn Thị Hoa", email="hoa@ttcds.gov.vn", phone="0905 111 222"
    )


@pytest.fixture
def person_b(unit_b) -> Person:
    return PersonFactory(unit=unit_b, full_name="Lê Văn Bưu", email="buu@bcvt.gov.vn")


def bearer(user) -> dict:
    """Headers for a request with a fresh API token of `user`."""
    _token, raw = APIToken.create_token(user=user, name="test")
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def staff_a_headers(make_user, unit_a) -> dict:
    return bearer(make_user("unit_staff", unit=unit_a, username="canbo.a"))


# Public endpoints ------------------------------------------------------------------------


def test_units_are_public(client, unit_a, unit_b, person_a):
    response = client.get("/api/v1/units/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert {unit["code"] for unit in body["items"]} == {"TTCĐS", "BCVT"}
    assert set(body["items"][0]) == {
        "code",
        "name",
        "name_en",
        "kind",
        "has_communication_duty",
        "organisation",
    }


def test_inactive_units_are_not_listed(client, organisation):
    UnitFactory(organisation=organisation, code="CU", is_active=False)

    assert client.get("/api/v1/units/").json()["count"] == 0
    assert client.get("/api/v1/units/CU/").status_code == 404


def test_one_unit_by_its_code(client, unit_a, unit_b):
    assert client.get("/api/v1/units/TTCĐS/").json()["name"] == unit_a.name
    assert client.get("/api/v1/units/bcvt/").json()["name"] == unit_b.name
    assert client.get("/api/v1/units/KHONG-CO/").status_code == 404


def test_organisations_are_public_without_their_contacts(client):
    press = ExternalOrganisationFactory(name="Báo Quảng Ngãi", email="toasoan@bqn.vn")
    ExternalContactFactory(organisation=press, full_name="Trần Thị Bích", email="bich@bqn.vn")
    ExternalOrganisationFactory(name="Báo cũ", is_active=False)

    listing = client.get("/api/v1/organisations/")
    detail = client.get(f"/api/v1/organisations/{press.pk}/")

    assert listing.status_code == detail.status_code == 200
    assert [item["name"] for item in listing.json()["items"]] == ["Báo Quảng Ngãi"]
    for response in (listing, detail):
        assert "bich@bqn.vn" not in response.text
        assert "Trần Thị Bích" not in response.text
        assert "toasoan@bqn.vn" not in response.text


def test_organisations_filter_by_kind(client):
    ExternalOrganisationFactory(name="Báo A", kind="press")
    ExternalOrganisationFactory(name="Trường B", kind="university")

    response = client.get("/api/v1/organisations/", {"kind": "university"})

    assert [item["name"] for item in response.json()["items"]] == ["Trường B"]


def test_public_endpoints_never_show_people(client, unit_a, person_a):
    for url in ("/api/v1/units/", "/api/v1/units/TTCĐS/", "/api/v1/organisations/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "hoa@ttcds.gov.vn" not in response.text
        assert "Nguyễn Thị Hoa" not in response.text


# People: authentication -----------------------------------------------------------------


def test_people_need_authentication(client, person_a):
    assert client.get(PEOPLE).status_code == 401
    assert client.get(f"{PEOPLE}{person_a.pk}/").status_code == 401
    assert (
        client.patch(
            f"{PEOPLE}{person_a.pk}/", {"position": "X"}, content_type="application/json"
        ).status_code
        == 401
    )


# People: unit scoping -------------------------------------------------------------------


def test_unit_staff_list_only_their_unit(client, staff_a_headers, person_a, person_b):
    response = client.get(PEOPLE, headers=staff_a_headers)

    assert response.status_code == 200
    names = {item["full_name"] for item in response.json()["items"]}
    assert "Nguyễn Thị Hoa" in names
    assert "Lê Văn Bưu" not in names
    assert {item["unit"] for item in response.json()["items"]} == {"TTCĐS"}


def test_unit_staff_read_their_own_unit_s_person(client, staff_a_headers, person_a):
    response = client.get(f"{PEOPLE}{person_a.pk}/", headers=staff_a_headers)

    assert response.status_code == 200
    assert response.json() == {
        "id": person_a.pk,
        "full_name": "Nguyễn Thị Hoa",
        "position": "Chuyên viên",
        "unit": "TTCĐS",
        "email": "hoa@ttcds.gov.vn",
        "phone": "0905 111 222",
        "is_leader": False,
        "is_communication_staff": False,
        "is_active": True,
    }


def test_another_unit_s_person_is_not_found(client, staff_a_headers, person_b):
    response = client.get(f"{PEOPLE}{person_b.pk}/", headers=staff_a_headers)

    assert response.status_code == 404
    assert "Bưu" not in response.text


def test_unit_staff_cannot_patch_another_unit_s_person(client, staff_a_headers, person_b):
    response = client.patch(
        f"{PEOPLE}{person_b.pk}/",
        {"full_name": "Đã sửa"},
        content_type="application/json",
        headers=staff_a_headers,
    )

    assert response.status_code == 404
    person_b.refresh_from_db()
    assert person_b.full_name == "Lê Văn Bưu"


def test_unit_staff_patch_their_own_unit_s_person_in_nfc(client, staff_a_headers, person_a):
    response = client.patch(
        f"{PEOPLE}{person_a.pk}/",
        {
            "full_name": "Nguye\u0302\u0303n Thi\u0323 Hoa",
            "position": "Tru\u031bo\u031b\u0309ng phòng",
        },
        content_type="application/json",
        headers=staff_a_headers,
    )

    assert response.status_code == 200
    assert response.json()["full_name"] == "Nguyễn Thị Hoa"
    person_a.refresh_from_db()
    assert person_a.full_name == "Nguyễn Thị Hoa"
    assert person_a.position == "Trưởng phòng"
    assert person_a.email == "hoa@ttcds.gov.vn"  # fields left out are left alone


def test_a_patch_is_recorded_in_the_person_s_history(client, make_user, unit_a, person_a):
    user = make_user("unit_staff", unit=unit_a)
    client.patch(
        f"{PEOPLE}{person_a.pk}/",
        {"phone": "0905 999 000"},
        content_type="application/json",
        headers=bearer(user),
    )

    entry = ModelLogEntry.objects.for_instance(person_a).get()
    assert (entry.action, entry.user) == ("wagtail.edit", user)


def test_a_patch_cannot_move_a_person_to_another_unit(client, staff_a_headers, person_a, unit_b):
    response = client.patch(
        f"{PEOPLE}{person_a.pk}/",
        {"unit": "BCVT", "position": "Chuyên viên chính"},
        content_type="application/json",
        headers=staff_a_headers,
    )

    assert response.status_code == 200
    person_a.refresh_from_db()
    assert person_a.unit.code == "TTCĐS"


def test_an_invalid_patch_is_refused_with_the_field(client, staff_a_headers, person_a):
    response = client.patch(
        f"{PEOPLE}{person_a.pk}/",
        {"email": "không-phải-email"},
        content_type="application/json",
        headers=staff_a_headers,
    )

    assert response.status_code == 422
    assert "email" in response.json()["detail"]
    person_a.refresh_from_db()
    assert person_a.email == "hoa@ttcds.gov.vn"


def test_a_read_only_leader_cannot_patch(client, make_user, person_b):
    response = client.patch(
        f"{PEOPLE}{person_b.pk}/",
        {"position": "X"},
        content_type="application/json",
        headers=bearer(make_user("leader")),
    )

    assert response.status_code == 403
    person_b.refresh_from_db()
    assert person_b.position == "Chuyên viên"


def test_a_user_without_a_staff_record_sees_nobody(client, make_user, person_a):
    headers = bearer(make_user("unit_staff"))

    assert client.get(PEOPLE, headers=headers).json()["count"] == 0
    assert client.get(f"{PEOPLE}{person_a.pk}/", headers=headers).status_code == 404


def test_a_leader_signed_in_to_the_admin_sees_every_unit(client, make_user, person_a, person_b):
    client.force_login(make_user("leader"))

    response = client.get(PEOPLE)

    assert response.status_code == 200
    assert {item["unit"] for item in response.json()["items"]} >= {"TTCĐS", "BCVT"}
    assert client.get(f"{PEOPLE}{person_b.pk}/").status_code == 200


def test_a_leader_with_a_token_sees_every_unit(client, make_user, person_a, person_b):
    response = client.get(PEOPLE, headers=bearer(make_user("lead_division")))

    assert {item["full_name"] for item in response.json()["items"]} == {
        "Nguyễn Thị Hoa",
        "Lê Văn Bưu",
    }


def test_the_people_list_takes_a_fixed_number_of_queries(
    client, staff_a_headers, unit_a, django_assert_num_queries
):
    PersonFactory.create_batch(3, unit=unit_a)
    client.get(PEOPLE, headers=staff_a_headers)  # the token's last-used time is written once
    with CaptureQueriesContext(connection) as few:
        client.get(PEOPLE, headers=staff_a_headers)
    PersonFactory.create_batch(10, unit=unit_a)

    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(PEOPLE, headers=staff_a_headers)

    assert response.json()["count"] == 14
