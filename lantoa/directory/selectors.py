"""Reads of directory data, with unit scoping applied here rather than by each caller.

A user who may see every unit (leaders, the lead division, administrators) sees everything;
anyone else sees only the records of the unit their staff record belongs to.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from lantoa.directory.models import ExternalOrganisation, Organisation, Person, Unit


def user_sees_all_units(user) -> bool:
    return bool(
        user.is_authenticated and (user.is_superuser or user.has_perm("directory.view_all_units"))
    )


def user_unit(user) -> Unit | None:
    """The unit the user works for, through their staff record; None if they have none."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_lantoa_unit"):
        person = Person.objects.filter(user=user).select_related("unit").first()
        user._lantoa_unit = person.unit if person else None
    return user._lantoa_unit


def unit_scoped(queryset: QuerySet, *, user, unit_field: str = "unit") -> QuerySet:
    """Limit `queryset` to the records of the user's own unit unless they see all units.

    Every app whose records belong to a unit passes its querysets through here.
    """
    if user_sees_all_units(user):
        return queryset
    unit = user_unit(user)
    if unit is None:
        return queryset.none()
    return queryset.filter(**{unit_field: unit.pk})


def units_for_user(*, user) -> QuerySet[Unit]:
    """Units a user may file records under: all of them, or just their own."""
    return unit_scoped(Unit.objects.active(), user=user, unit_field="pk")


def home_organisation() -> Organisation | None:
    return Organisation.objects.filter(is_home=True).first()


def units_public() -> QuerySet[Unit]:
    return Unit.objects.active().select_related("organisation")


def unit_get_public(*, code: str) -> Unit:
    return get_object_or_404(units_public().by_code(code))


def people_for_user(*, user) -> QuerySet[Person]:
    return unit_scoped(Person.objects.select_related("unit", "user"), user=user)


def person_get_for_user(*, user, person_id: int) -> Person:
    """The person, or 404 when it does not exist or lies outside the user's reach."""
    return get_object_or_404(people_for_user(user=user), pk=person_id)


def external_organisations_public() -> QuerySet[ExternalOrganisation]:
    return ExternalOrganisation.objects.filter(is_active=True)


def external_organisation_get_public(*, organisation_id: int) -> ExternalOrganisation:
    return get_object_or_404(external_organisations_public(), pk=organisation_id)
