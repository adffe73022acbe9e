from django.core.exceptions import PermissionDenied
from ninja import Field, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from lantoa.api.auth import staff_auth
from lantoa.directory import selectors, services

router = Router(tags=["directory"])


class UnitOut(Schema):
    code: str
    name: str
    name_en: str
    kind: str
    has_communication_duty: bool
    organisation: str = Field(..., alias="organisation.name")


class ContactOut(Schema):
    full_name: str
    position: str


class ExternalOrganisationOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    website: str


class PersonOut(Schema):
    id: int
    full_name: str
    position: str
    unit: str = Field(..., alias="unit.code")
    email: str
    phone: str
    is_leader: bool
    is_communication_staff: bool
    is_active: bool


class PersonPatch(Schema):
    full_name: str | None = None
    position: str | None = None
    email: str | None = None
    phone: str | None = None
    is_leader: bool | None = None
    is_communication_staff: bool | None = None
    is_active: bool | None = None


@router.get("/units/", response=list[UnitOut], summary="List the agency's units")
@paginate(LimitOffsetPagination)
def unit_list(request):
    return selectors.units_public()


@router.get("/units/{code}/", response=UnitOut, summary="One unit, by its short code")
def unit_detail(request, code: str):
    return selectors.unit_get_public(code=code)


@router.get(
    "/organisations/",
    response=list[ExternalOrganisationOut],
    summary="List external organisations (press, enterprises, institutes...)",
)
@paginate(LimitOffsetPagination)
def external_organisation_list(request, kind: str | None = None):
    queryset = selectors.external_organisations_public()
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset


@router.get("/organisations/{organisation_id}/", response=ExternalOrganisationOut)
def external_organisation_detail(request, organisation_id: int):
    return selectors.external_organisation_get_public(organisation_id=organisation_id)


@router.get(
    "/people/",
    response=list[PersonOut],
    auth=staff_auth,
    summary="Staff records the caller may see (their own unit, or all for leaders and QLKH)",
)
@paginate(LimitOffsetPagination)
def person_list(request):
    return selectors.people_for_user(user=request.user)


@router.get("/people/{person_id}/", response=PersonOut, auth=staff_auth)
def person_detail(request, person_id: int):
    return selectors.person_get_for_user(user=request.user, person_id=person_id)


@router.patch("/people/{person_id}/", response=PersonOut, auth=staff_auth)
def person_update(request, person_id: int, payload: PersonPatch):
    person = selectors.person_get_for_user(user=request.user, person_id=person_id)
    if not request.user.has_perm("directory.change_person"):
        raise PermissionDenied
    for name, value in payload.dict(exclude_unset=True).items():
        setattr(person, name, value)
    return services.person_save(actor=request.user, person=person)
