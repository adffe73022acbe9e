"""Writes to the directory. Views, admin screens, commands and the API call these."""

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from lantoa.directory.models import Organisation, Person, Unit
from lantoa.directory.selectors import units_for_user


@transaction.atomic
def person_save(*, actor, person: Person) -> Person:
    """Create or update a staff record and record it in the record's history.

    The actor must be allowed to file under its unit and, for an existing record, under the
    unit it is stored in now (no pulling people over from another unit).
    """
    allowed = units_for_user(user=actor)
    unit_ids = {person.unit_id}
    if person.pk is not None:
        unit_ids.update(Person.objects.filter(pk=person.pk).values_list("unit_id", flat=True))
    if allowed.filter(pk__in=unit_ids).count() != len(unit_ids):
        raise PermissionDenied(_("You can only manage staff of your own unit."))
    action = "wagtail.create" if person._state.adding else "wagtail.edit"
    person.full_clean()
    person.save()
    log(instance=person, action=action, user=actor, content_changed=True)
    return person


@dataclass
class AgencyLoadResult:
    organisation: Organisation
    units_created: int
    units_updated: int


class AgencyDataError(Exception):
    """A problem in an agency data file, with the file and the reason."""


def _fields_check(model, data, *, path: Path, where: str) -> dict:
    """`data` as a dict of the model's editable fields; anything else is an error in the file
    (a misspelt optional field would otherwise be dropped without a word)."""
    if not isinstance(data, dict):
        raise AgencyDataError(
            _('%(path)s: %(where)s should be a set of "field: value" lines')
            % {"path": path, "where": where}
        )
    known = {
        field.name
        for field in model._meta.concrete_fields
        if field.editable and not field.primary_key and not field.is_relation
    }
    unknown = sorted(map(str, set(data) - known))
    if unknown:
        raise AgencyDataError(
            _("%(path)s: %(where)s: unknown fields %(fields)s")
            % {"path": path, "where": where, "fields": ", ".join(unknown)}
        )
    return dict(data)


def _agency_file(folder: Path) -> Path:
    path = Path(folder) / "agency.yaml"
    if not path.exists():
        raise AgencyDataError(_("%(path)s: file not found") % {"path": path})
    return path


@transaction.atomic
def agency_load(*, folder: Path) -> AgencyLoadResult:
    """Load the agency and its units from <folder>/agency.yaml; safe to run again."""
    path = _agency_file(folder)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise AgencyDataError(f"{path}: {error}") from error
    if not isinstance(data, dict) or not isinstance(data.get("units") or [], list):
        raise AgencyDataError(
            _("%(path)s: expected an organisation and a list of units") % {"path": path}
        )
    where = _("the organisation")
    org_data = _fields_check(Organisation, data.get("organisation") or {}, path=path, where=where)
    if not org_data.get("code") or not org_data.get("name"):
        raise AgencyDataError(
            _("%(path)s: the organisation needs a code and a name") % {"path": path}
        )
    code = org_data.pop("code")
    if not Organisation.objects.filter(code=code).exists():
        org_data.setdefault("is_home", not Organisation.objects.filter(is_home=True).exists())
    organisation, _created = Organisation.objects.update_or_create(code=code, defaults=org_data)
    try:
        organisation.full_clean()
    except ValidationError as error:
        raise AgencyDataError(f"{path}: {code}: {error}") from error

    created = updated = 0
    for index, unit_data in enumerate(data.get("units") or [], start=1):
        where = _("unit number %(index)s") % {"index": index}
        unit_data = _fields_check(Unit, unit_data, path=path, where=where)
        unit_code = unit_data.pop("code", None)
        if not unit_code:
            raise AgencyDataError(
                _("%(path)s: unit number %(index)s has no code") % {"path": path, "index": index}
            )
        unit = Unit.objects.filter(organisation=organisation).by_code(unit_code).first()
        if unit is None:
            unit = Unit(organisation=organisation, code=unit_code)
            created += 1
        else:
            updated += 1
        for name, value in unit_data.items():
            setattr(unit, name, value)
        try:
            unit.full_clean()
        except ValidationError as error:
            raise AgencyDataError(f"{path}: {unit_code}: {error}") from error
        unit.save()
    return AgencyLoadResult(organisation=organisation, units_created=created, units_updated=updated)
