"""Unit scoping of staff records in the admin: staff of one unit cannot reach another's.

The Person screens are the viewset registered in wagtail_hooks.py under the URL namespace
"person" (/admin/person/...).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse

from lantoa.directory.models import Person
from lantoa.directory.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

# Every view of one staff record that the viewset registers.
OBJECT_URL_NAMES = [
    "person:edit",
    "person:inspect",
    "person:delete",
    "person:history",
    "person:history_results",
    "person:usage",
]


@pytest.fixture
def person_a(unit_a) -> Person:
    return PersonFactory(unit=unit_a, full_name="Nguyễn Thị Hoa", email="hoa@ttcds.gov.vn")


@pytest.fixture
def person_b(unit_b) -> Person:
    return PersonFactory(unit=unit_b, full_name="Lê Văn Bưu", email="buu@bcvt.gov.vn")


@pytest.fixture
def staff_a(client, make_user, unit_a):
    """A client signed in as "Cán bộ đơn vị" of unit A (TTCĐS)."""
    client.force_login(make_user("unit_staff", unit=unit_a, username="canbo.a"))
    return client


def _form_data(person: Person, **changes) -> dict:
    data = {
        "unit": person.unit_id,
        "full_name": person.full_name,
        "position": person.position,
        "email": person.email,
        "phone": person.phone,
        "is_active": "on" if person.is_active else "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value not in ("", None)}


def _listed_names(client) -> list[str]:
    response = client.get(reverse("person:index"))
    assert response.status_code == 200
    return sorted(person.full_name for person in response.context["object_list"])


def test_the_viewset_registers_the_urls_tested_here():
    """If the viewset gains a view of one record, it must be added to OBJECT_URL_NAMES."""
    _prefix, resolver = get_resolver().namespace_dict["person"]
    patterns = {f"person:{p.name}": str(p.pattern) for p in resolver.url_patterns if p.name}

    assert {name for name, pattern in patterns.items() if "<" in pattern} == set(OBJECT_URL_NAMES)
    assert {"person:index", "person:index_results", "person:add"} <= set(patterns)


# Listing ------------------------------------------------------------------------------------


def test_unit_staff_list_only_their_own_unit(staff_a, person_a, person_b):
    names = _listed_names(staff_a)

    assert "Nguyễn Thị Hoa" in names
    assert "Lê Văn Bưu" not in names


def test_the_listing_results_view_is_scoped_too(staff_a, person_a, person_b):
    response = staff_a.get(reverse("person:index_results"))

    assert response.status_code == 200
    assert "Nguyễn Thị Hoa" in response.text
    assert "Lê Văn Bưu" not in response.text
    assert "buu@bcvt.gov.vn" not in response.text


def test_searching_the_list_stays_within_the_unit(staff_a, person_a, person_b):
    response = staff_a.get(reverse("person:index_results"), {"q": "Lê Văn"})

    assert response.status_code == 200
    assert list(response.context["object_list"]) == []


def test_search_and_filters_still_work_on_the_scoped_list(staff_a, unit_a, person_a):
    PersonFactory(unit=unit_a, full_name="Trương Minh Khoa", is_leader=True)

    searched = staff_a.get(reverse("person:index_results"), {"q": "Khoa"})
    filtered = staff_a.get(reverse("person:index_results"), {"is_leader": "true"})

    assert [p.full_name for p in searched.context["object_list"]] == ["Trương Minh Khoa"]
    assert [p.full_name for p in filtered.context["object_list"]] == ["Trương Minh Khoa"]


def test_the_list_takes_a_fixed_number_of_queries(staff_a, unit_a, django_assert_num_queries):
    PersonFactory.create_batch(2, unit=unit_a)
    staff_a.get(reverse("person:index"))  # warm up the session and caches
    with CaptureQueriesContext(connection) as few:
        staff_a.get(reverse("person:index"))
    PersonFactory.create_batch(10, unit=unit_a)

    with django_assert_num_queries(len(few.captured_queries)):
        response = staff_a.get(reverse("person:index"))

    assert len(response.context["object_list"]) == 13


@pytest.mark.parametrize("role", ["leader", "lead_division", "system_admin"])
def test_leaders_and_the_lead_division_see_every_unit(client, make_user, role, person_a, person_b):
    client.force_login(make_user(role))

    assert _listed_names(client) == ["Lê Văn Bưu", "Nguyễn Thị Hoa"]


def test_a_leader_can_open_any_unit_s_record(client, make_user, person_b):
    client.force_login(make_user("leader"))

    assert client.get(reverse("person:inspect", args=[person_b.pk])).status_code == 200


def test_a_user_without_a_staff_record_sees_nobody(client, make_user, person_a, person_b):
    client.force_login(make_user("unit_staff"))

    assert _listed_names(client) == []
    for name in OBJECT_URL_NAMES:
        assert client.get(reverse(name, args=[person_a.pk])).status_code == 404, name


# One record of another unit -----------------------------------------------------------------


@pytest.mark.parametrize("url_name", OBJECT_URL_NAMES)
def test_unit_staff_cannot_open_another_unit_s_record(staff_a, person_b, url_name):
    response = staff_a.get(reverse(url_name, args=[person_b.pk]))

    # 404 rather than 403: the record's existence is not given away either.
    assert response.status_code == 404
    assert "Lê Văn Bưu" not in response.text


@pytest.mark.parametrize("url_name", ["person:edit", "person:inspect", "person:history"])
def test_unit_staff_can_open_their_own_unit_s_record(staff_a, person_a, url_name):
    response = staff_a.get(reverse(url_name, args=[person_a.pk]))

    assert response.status_code == 200
    assert "Nguyễn Thị Hoa" in response.text


def test_unit_staff_can_see_where_their_own_record_is_used(staff_a, person_a):
    response = staff_a.get(reverse("person:usage", args=[person_a.pk]))

    assert response.status_code == 200


def test_unit_staff_cannot_edit_another_unit_s_record_by_post(staff_a, person_b):
    response = staff_a.post(
        reverse("person:edit", args=[person_b.pk]), _form_data(person_b, full_name="Đã sửa")
    )

    assert response.status_code == 404
    person_b.refresh_from_db()
    assert person_b.full_name == "Lê Văn Bưu"


def test_unit_staff_cannot_delete_another_unit_s_record(staff_a, person_b):
    response = staff_a.post(reverse("person:delete", args=[person_b.pk]))

    assert response.status_code == 404
    assert Person.objects.filter(pk=person_b.pk).exists()


def test_unit_staff_without_the_delete_permission_cannot_delete_their_own(staff_a, person_a):
    response = staff_a.post(reverse("person:delete", args=[person_a.pk]))

    assert response.status_code == 302  # Wagtail's "permission denied" redirect
    assert response.url == reverse("wagtailadmin_home")
    assert Person.objects.filter(pk=person_a.pk).exists()


# Writing through the forms --------------------------------------------------------------


def test_unit_staff_can_add_a_person_to_their_own_unit(staff_a, unit_a):
    response = staff_a.post(
        reverse("person:add"),
        {"unit": unit_a.pk, "full_name": "Pha\u0323m Thi\u0323 Mai", "is_active": "on"},
    )

    assert response.status_code == 302
    person = Person.objects.get(full_name="Phạm Thị Mai")  # stored in NFC
    assert person.unit == unit_a


def test_unit_staff_cannot_create_a_person_in_another_unit(staff_a, unit_b):
    count = Person.objects.count()

    response = staff_a.post(
        reverse("person:add"), {"unit": unit_b.pk, "full_name": "Người lạ", "is_active": "on"}
    )

    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert Person.objects.count() == count


def test_the_add_form_offers_only_the_user_s_own_unit(staff_a, unit_a, unit_b):
    response = staff_a.get(reverse("person:add"))

    assert list(response.context["form"].fields["unit"].queryset) == [unit_a]


def test_unit_staff_cannot_move_their_person_to_another_unit(staff_a, person_a, unit_b):
    response = staff_a.post(
        reverse("person:edit", args=[person_a.pk]), _form_data(person_a, unit=unit_b.pk)
    )

    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    person_a.refresh_from_db()
    assert person_a.unit.code == "TTCĐS"


def test_unit_staff_can_edit_their_own_unit_s_record(staff_a, person_a):
    response = staff_a.post(
        reverse("person:edit", args=[person_a.pk]),
        _form_data(person_a, position="Trưởng phòng"),
    )

    assert response.status_code == 302
    person_a.refresh_from_db()
    assert person_a.position == "Trưởng phòng"


def test_edits_in_the_admin_appear_in_the_record_s_history(staff_a, unit_a):
    staff_a.post(
        reverse("person:add"), {"unit": unit_a.pk, "full_name": "Hồ Thị Xuân", "is_active": "on"}
    )
    person = Person.objects.get(full_name="Hồ Thị Xuân")
    staff_a.post(reverse("person:edit", args=[person.pk]), _form_data(person, position="Kế toán"))

    response = staff_a.get(reverse("person:history", args=[person.pk]))

    assert response.status_code == 200
    assert [entry.action for entry in response.context["object_list"]] == [
        "wagtail.edit",
        "wagtail.create",
    ]


def test_a_leader_with_read_only_rights_cannot_edit(client, make_user, person_b):
    client.force_login(make_user("leader"))

    client.post(reverse("person:edit", args=[person_b.pk]), _form_data(person_b, position="X"))

    person_b.refresh_from_db()
    assert person_b.position != "X"
