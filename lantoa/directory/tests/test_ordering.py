"""Directory lists read in Vietnamese alphabetical order, in the admin and on the public API.

In code-point order "Âu", "Đỗ" and every name starting with a marked capital (Á, Ă, Â, Đ, Ô,
Ơ, Ư…) fall after Z; here they stand where a Vietnamese reader looks for them.
"""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from lantoa.core.collation import sort_key
from lantoa.directory.models import ExternalOrganisation, Person, Unit
from lantoa.directory.tests.factories import (
    ExternalOrganisationFactory,
    PersonFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db

PEOPLE = [
    "Âu Thị Hoa",
    "Đỗ Minh Dũng",
    "Đỗ Minh Đức",
    "Nguyễn Văn An",
    "Nguyễn Văn Ánh",
    "Vũ Thị Yến",
]
UNITS = [
    "Phòng Kế hoạch - Tài chính",
    "Phòng Quản lý khoa học",
    "Thanh tra Sở",
    "Trung tâm Chuyển đổi số",
    "Trung tâm Đổi mới sáng tạo",
    "Văn phòng Sở",
]
ORGANISATIONS = ["Báo Quảng Ngãi", "Đài Phát thanh - Truyền hình", "Ủy ban MTTQ", "Viện Hàn lâm"]


def _shuffled(items):
    return list(reversed(items[::2])) + items[1::2]


def _in_page_order(html: str, names: list[str]) -> list[str]:
    return sorted(names, key=html.index)


@pytest.fixture
def people(unit_a):
    for name in _shuffled(PEOPLE):
        PersonFactory(unit=unit_a, full_name=name)
    return PEOPLE


@pytest.fixture
def units(organisation):
    return [
        UnitFactory(organisation=organisation, name=name, code=f"U{index}")
        for index, name in enumerate(_shuffled(UNITS))
    ]


def test_code_point_order_would_have_put_them_last():
    assert sorted(PEOPLE)[-3:] == ["Âu Thị Hoa", "Đỗ Minh Dũng", "Đỗ Minh Đức"]


def test_people_models_and_selectors_order(people):
    assert list(Person.objects.values_list("full_name", flat=True)) == PEOPLE


def test_the_admin_staff_listing(client, make_user, people):
    client.force_login(make_user("leader"))
    response = client.get(reverse("person:index"))

    assert response.status_code == 200
    assert [person.full_name for person in response.context["object_list"]] == PEOPLE
    assert _in_page_order(response.content.decode(), PEOPLE) == PEOPLE


@pytest.mark.parametrize(("ordering", "expected"), [("full_name", PEOPLE), ("-full_name", None)])
def test_the_admin_staff_listing_sorted_by_its_name_column(
    client, make_user, people, ordering, expected
):
    client.force_login(make_user("leader"))
    response = client.get(reverse("person:index"), {"ordering": ordering})

    listed = [person.full_name for person in response.context["object_list"]]
    assert listed == (expected or list(reversed(PEOPLE)))


def test_unit_staff_see_their_colleagues_in_order_too(client, make_user, unit_a, people):
    client.force_login(make_user("unit_staff", unit=unit_a, first_name="Ánh", last_name="Lê"))
    response = client.get(reverse("person:index"))

    listed = [person.full_name for person in response.context["object_list"]]
    # Á is A with a tone, so it comes before Â (a letter of its own), not after Z.
    assert listed == ["Ánh Lê", *PEOPLE]


def test_the_admin_unit_listing_and_its_name_column(client, make_user, units):
    client.force_login(make_user("system_admin"))
    response = client.get(reverse("unit:index"))
    assert _in_page_order(response.content.decode(), UNITS) == UNITS

    response = client.get(reverse("unit:index"), {"ordering": "-name"})
    assert [unit.name for unit in response.context["object_list"]] == list(reversed(UNITS))


def test_sort_order_still_comes_first(organisation, units):
    leadership = UnitFactory(organisation=organisation, name="Ban Giám đốc", sort_order=1)
    assert list(Unit.objects.all()) == [leadership, *sorted(units, key=lambda u: sort_key(u.name))]


def test_the_admin_organisation_listing(client, make_user):
    for name in _shuffled(ORGANISATIONS):
        ExternalOrganisationFactory(name=name)
    client.force_login(make_user("system_admin"))

    response = client.get(reverse("externalorganisation:index"))

    assert _in_page_order(response.content.decode(), ORGANISATIONS) == ORGANISATIONS


def test_the_public_api_lists_units_and_organisations_in_order(client, units):
    for name in _shuffled(ORGANISATIONS):
        ExternalOrganisationFactory(name=name)

    body = client.get("/api/v1/units/").json()
    assert [unit["name"] for unit in body["items"]] == UNITS
    body = client.get("/api/v1/organisations/").json()
    assert [organisation["name"] for organisation in body["items"]] == ORGANISATIONS


def test_the_staff_filter_offers_units_in_order(client, make_user, units):
    client.force_login(make_user("leader"))
    response = client.get(reverse("person:index"))

    choices = [str(unit) for unit in response.context["filters"].form.fields["unit"].queryset]
    assert choices == [str(unit) for unit in sorted(units, key=lambda u: sort_key(u.name))]


def test_the_migration_fills_the_keys_of_existing_rows(people, units):
    ExternalOrganisationFactory(name="Đài Phát thanh")
    Person.objects.update(full_name_key=b"")
    Unit.objects.update(name_key=b"")
    ExternalOrganisation.objects.update(name_key=b"")
    migration = importlib.import_module("lantoa.directory.migrations.0003_collation_keys")

    migration.fill_collation_keys(apps, None)

    assert list(Person.objects.values_list("full_name", flat=True)) == PEOPLE
    assert [unit.name for unit in Unit.objects.filter(code__startswith="U")] == UNITS
    assert bytes(ExternalOrganisation.objects.get().name_key) == sort_key("Đài Phát thanh")
