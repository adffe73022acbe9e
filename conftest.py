"""Fixtures shared by every app's tests."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from lantoa.directory.models import Organisation, Unit
from lantoa.directory.roles import ROLES
from lantoa.directory.tests.factories import (
    OrganisationFactory,
    PersonFactory,
    UnitFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache. The portal keeps menus and counts there until the
    next publish; a test's rolled-back pages would otherwise show in the next test's pages."""
    cache.clear()


@pytest.fixture
def organisation(db) -> Organisation:
    return OrganisationFactory(is_home=True)


@pytest.fixture
def unit_a(organisation) -> Unit:
    return UnitFactory(organisation=organisation, code="TTCĐS", has_communication_duty=True)


@pytest.fixture
def unit_b(organisation) -> Unit:
    return UnitFactory(organisation=organisation, code="BCVT", has_communication_duty=True)


@pytest.fixture
def make_user(db):
    """make_user("unit_staff", unit=unit_a) → a user in that role, on that unit's staff."""

    def _make(role_code: str | None = None, *, unit: Unit | None = None, **kwargs):
        user = UserFactory(**kwargs)
        if role_code:
            role = next(role for role in ROLES if role.code == role_code)
            user.groups.add(Group.objects.get(name=role.group_name))
        if unit is not None:
            PersonFactory(unit=unit, user=user, full_name=user.get_full_name() or user.username)
        return user

    return _make
