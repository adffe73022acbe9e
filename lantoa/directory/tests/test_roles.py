"""The six roles as Wagtail groups, and the demo accounts that stand in for them."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from wagtail.models import Collection, GroupCollectionPermission

from lantoa.directory.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from lantoa.directory.models import Person
from lantoa.directory.roles import EDITOR, ROLES, UNIT_STAFF, roles_sync, user_role_codes

pytestmark = pytest.mark.django_db

ROLE_GROUP_NAMES = {
    "Lãnh đạo Sở",
    "Phòng chủ trì QLKH",
    "Cán bộ đơn vị",
    "Biên tập viên",
    "Văn phòng",
    "Quản trị hệ thống",
}


def _group_permissions(group: Group) -> set[str]:
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def _snapshot() -> dict:
    return {
        group.name: (_group_permissions(group), group.collection_permissions.count())
        for group in Group.objects.filter(name__in=ROLE_GROUP_NAMES)
    }


def test_migrate_creates_the_six_role_groups():
    assert {role.group_name for role in ROLES} == ROLE_GROUP_NAMES
    assert set(Group.objects.values_list("name", flat=True)) >= ROLE_GROUP_NAMES


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role.code)
def test_each_group_holds_every_permission_of_its_role(role):
    """A misspelt permission would be skipped without a word; here it fails."""
    group = Group.objects.get(name=role.group_name)

    assert role.permissions <= _group_permissions(group)


def test_the_editor_group_may_work_with_images_and_documents_of_the_root_collection():
    group = Group.objects.get(name=EDITOR.group_name)
    granted = {
        f"{p.permission.content_type.app_label}.{p.permission.codename}"
        for p in GroupCollectionPermission.objects.filter(
            group=group, collection=Collection.get_first_root_node()
        ).select_related("permission__content_type")
    }

    assert granted == EDITOR.collection_permissions


def test_only_the_seeing_roles_see_every_unit():
    seeing = {role.code for role in ROLES if "directory.view_all_units" in role.permissions}

    assert seeing == {"leader", "lead_division", "system_admin"}
    assert "directory.view_all_units" not in UNIT_STAFF.permissions


def test_roles_sync_is_idempotent():
    before = _snapshot()

    roles_sync()
    roles_sync()

    assert _snapshot() == before
    assert Group.objects.filter(name__in=ROLE_GROUP_NAMES).count() == 6


def test_roles_sync_keeps_permissions_added_by_hand_and_restores_removed_ones():
    group = Group.objects.get(name=UNIT_STAFF.group_name)
    extra = Group.objects.get(name="Quản trị hệ thống").permissions.get(codename="delete_unit")
    group.permissions.add(extra)
    group.permissions.remove(group.permissions.get(codename="change_person"))

    roles_sync()

    permissions = _group_permissions(group)
    assert "directory.delete_unit" in permissions
    assert "directory.change_person" in permissions


def test_user_role_codes(make_user):
    user = make_user("unit_staff")

    assert user_role_codes(user) == {"unit_staff"}


# load_demo --------------------------------------------------------------------------------


@pytest.fixture
def agency():
    call_command("load_agency", stdout=io.StringIO())


def test_load_demo_refuses_outside_demo_mode(settings, agency):
    settings.LANTOA_DEMO = False

    with pytest.raises(CommandError, match="LANTOA_DEMO"):
        call_command("load_demo")

    assert not get_user_model().objects.filter(username="lanhdao").exists()


def test_load_demo_needs_the_agency(settings):
    settings.LANTOA_DEMO = True

    with pytest.raises(CommandError, match="load_agency"):
        call_command("load_demo")


def _load_demo(capsys) -> str:
    call_command("load_demo")
    return capsys.readouterr().out


def test_load_demo_creates_an_account_for_every_role(settings, agency, capsys):
    settings.LANTOA_DEMO = True

    output = _load_demo(capsys)

    users = get_user_model().objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS])
    assert {code for user in users for code in user_role_codes(user)} == {r.code for r in ROLES}
    for account in DEMO_ACCOUNTS:
        person = Person.objects.select_related("unit").get(user__username=account.username)
        assert person.unit.code == account.unit_code
        assert person.full_name == account.full_name
        assert account.username in output
    assert DEMO_PASSWORD in output


@pytest.mark.parametrize("account", DEMO_ACCOUNTS, ids=lambda account: account.username)
def test_each_demo_account_can_sign_in_to_the_admin(settings, agency, capsys, client, account):
    settings.LANTOA_DEMO = True
    _load_demo(capsys)

    response = client.post(
        reverse("wagtailadmin_login"),
        {"username": account.username, "password": DEMO_PASSWORD},
    )

    assert response.status_code == 302, response.content[:500]
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_load_demo_is_idempotent(settings, agency, capsys):
    settings.LANTOA_DEMO = True
    _load_demo(capsys)
    counts = (get_user_model().objects.count(), Person.objects.count())

    _load_demo(capsys)

    assert (get_user_model().objects.count(), Person.objects.count()) == counts
