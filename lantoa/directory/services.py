"""Writes to the directory. Views, admin screens, commands and the API call these."""

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lantoa.directory.models import Organisation, Person, Unit
from lantoa.directory.selectors import units_for_user


def person_save(*, actor, person: Person) -> Person:
    """Create or update a staff record; the actor must be allowed to file under its unit."""
    if not units_for_user(user=actor).filter(pk=person.unit_id).exists():
        raise PermissionDenied(_("You can only manage staff of your own unit."))
    person.full_clean()
    person.save()
    return person


@dataclass
class AgencyLoadResult:
    organisation: Organisation
    units_created: int
    units_updated: int


class AgencyDataError(Exception):
    """A problem in an agency data file, with the file and the reason."""


def _agency_file(folder: Path) -> Path:
    path = Path(folder) / "agency.yaml"
    if not path.exists():
        raise AgencyDataError(_("%(path)s: file not found") % {"path": path})
    return path


@transaction.atomic
def agency_load(*, folder: Path) -> AgencyLoadResult:
    """Load the agency and its units from <folder>/agency.yaml; safe to run again."""
    path = _agency_file(folder)
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    org_data = dict(data.get("organisation") or {})
    if not org_data.get("code") or not org_data.get("name"):
        raise AgencyDataError(
            _("%(path)s: the organisation needs a code and a name") % {"path": path}
        )
    code = org_data.pop("code")
    if not Organisation.objects.filter(code=code).exists():
        org_data.setdefault("is_home", not Organisation.objects.filter(is_home=True).exists())
    organisation, _created = Organisation.objects.update_or_create(code=code, defaults=org_data)
    organisation.full_clean()

    created = updated = 0
    for index, unit_data in enumerate(data.get("units") or [], start=1):
        unit_data = dict(unit_data)
        unit_code = unit_data.pop("code", None)
        if not unit_code:
            raise AgencyDataError(
                _("%(path)s: unit number %(index)s has no code") % {"path": path, "index": index}
            )
        unit = Unit.objects.filter(organisation=organisation, code__iexact=unit_code).first()
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
