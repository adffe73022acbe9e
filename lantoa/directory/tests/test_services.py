"""Directory writes: person_save and the agency loader (`load_agency`)."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import ModelLogEntry

from lantoa.directory.models import Organisation, Person, Unit
from lantoa.directory.services import AgencyDataError, agency_load, person_save
from lantoa.directory.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

QUANG_NGAI = settings.BASE_DIR / "data" / "agencies" / "quang-ngai"


# person_save ------------------------------------------------------------------------------


def test_unit_staff_save_a_person_of_their_own_unit(make_user, unit_a):
    actor = make_user("unit_staff", unit=unit_a)

    person = person_save(actor=actor, person=Person(unit=unit_a, full_name="Võ Thi\u0323 Thu"))

    person.refresh_from_db()
    assert person.full_name == "Võ Thị Thu"


def test_unit_staff_cannot_file_a_person_under_another_unit(make_user, unit_a, unit_b):
    actor = make_user("unit_staff", unit=unit_a)

    with pytest.raises(PermissionDenied):
        person_save(actor=actor, person=Person(unit=unit_b, full_name="Người lạ"))

    assert not Person.objects.filter(full_name="Người lạ").exists()


def test_unit_staff_cannot_pull_another_unit_s_person_into_their_own(make_user, unit_a, unit_b):
    """The unit a record leaves is checked as well as the one it joins."""
    actor = make_user("unit_staff", unit=unit_a)
    other = PersonFactory(unit=unit_b)
    other.unit = unit_a

    with pytest.raises(PermissionDenied):
        person_save(actor=actor, person=other)

    other.refresh_from_db()
    assert other.unit == unit_b


def test_a_user_with_every_unit_may_move_a_person(make_user, unit_a, unit_b):
    actor = make_user("system_admin")
    person = PersonFactory(unit=unit_b)
    person.unit = unit_a

    person_save(actor=actor, person=person)

    person.refresh_from_db()
    assert person.unit == unit_a


def test_a_user_without_a_unit_cannot_save_anyone(make_user, unit_a):
    with pytest.raises(PermissionDenied):
        person_save(actor=make_user("unit_staff"), person=Person(unit=unit_a, full_name="X"))


def test_person_save_validates(make_user, unit_a):
    actor = make_user("unit_staff", unit=unit_a)

    with pytest.raises(ValidationError) as error:
        person_save(actor=actor, person=Person(unit=unit_a, full_name="Y", email="không-phải"))

    assert "email" in error.value.message_dict


def test_person_save_records_who_created_and_edited_in_the_history(make_user, unit_a):
    actor = make_user("unit_staff", unit=unit_a)
    person = person_save(actor=actor, person=Person(unit=unit_a, full_name="Đặng Văn Lâm"))
    person.position = "Trưởng phòng"
    person_save(actor=actor, person=person)

    entries = ModelLogEntry.objects.for_instance(person).order_by("timestamp", "pk")
    assert [(entry.action, entry.user_id) for entry in entries] == [
        ("wagtail.create", actor.pk),
        ("wagtail.edit", actor.pk),
    ]


def test_a_refused_save_records_nothing(make_user, unit_a, unit_b):
    actor = make_user("unit_staff", unit=unit_a)
    person = PersonFactory(unit=unit_b)

    with pytest.raises(PermissionDenied):
        person_save(actor=actor, person=person)

    assert not ModelLogEntry.objects.for_instance(person).exists()


# load_agency ------------------------------------------------------------------------------


def _load(*args) -> str:
    out = io.StringIO()
    call_command("load_agency", *args, stdout=out)
    return out.getvalue()


def test_load_agency_loads_quang_ngai():
    output = _load()

    organisation = Organisation.objects.get()
    assert organisation.code == "skhcn-quang-ngai"
    assert organisation.name == "Sở Khoa học và Công nghệ tỉnh Quảng Ngãi"
    assert organisation.is_home
    names = dict(Unit.objects.filter(organisation=organisation).values_list("code", "name"))
    assert names == {
        "LĐS": "Lãnh đạo Sở (Giám đốc, Phó Giám đốc)",
        "VP": "Văn phòng Sở",
        "QLKH": "Phòng Quản lý khoa học và Đổi mới sáng tạo",
        "BCVT": "Phòng Bưu chính - Viễn thông và Chuyển đổi số",
        "TTCĐS": "Trung tâm Chuyển đổi số và Đổi mới sáng tạo",
    }
    assert [unit.code for unit in Unit.objects.all()] == ["LĐS", "VP", "QLKH", "BCVT", "TTCĐS"]
    assert set(Unit.objects.with_communication_duty().values_list("code", flat=True)) == {
        "QLKH",
        "BCVT",
        "TTCĐS",
    }
    assert "5 units created, 0 updated" in output


def test_load_agency_twice_changes_nothing():
    _load()
    before = list(Unit.objects.order_by("pk").values("pk", "code", "name", "kind", "sort_order"))

    output = _load(str(QUANG_NGAI))

    assert Organisation.objects.count() == 1
    assert list(Unit.objects.order_by("pk").values("pk", "code", "name", "kind", "sort_order")) == (
        before
    )
    assert "0 units created, 5 updated" in output


def test_load_agency_updates_changed_units_and_keeps_edits_of_other_fields(tmp_path):
    _load()
    vp = Unit.objects.get(code="VP")
    vp.phone = "0255 111 222"  # edited in the admin, not in the file
    vp.save()
    text = (QUANG_NGAI / "agency.yaml").read_text(encoding="utf-8")
    _write(tmp_path, text.replace("name: Văn phòng Sở", "name: Văn phòng Sở KH&CN"))

    _load(str(tmp_path))

    vp.refresh_from_db()
    assert (vp.name, vp.phone) == ("Văn phòng Sở KH&CN", "0255 111 222")


def test_the_first_agency_becomes_the_home_agency_and_a_second_does_not(organisation):
    _load()

    assert Organisation.objects.get(is_home=True) == organisation


def _write(folder: Path, text: str) -> Path:
    (folder / "agency.yaml").write_text(text, encoding="utf-8")
    return folder


GOOD_UNIT = "  - {code: QLKH, name: Phòng Quản lý khoa học, kind: division}\n"
BROKEN_FILES = {
    "organisation without a code": "organisation:\n  name: Sở Thử\nunits:\n" + GOOD_UNIT,
    "unit without a code": (
        "organisation: {code: so-thu, name: Sở Thử}\nunits:\n" + GOOD_UNIT + "  - {name: Phòng X}\n"
    ),
    "unknown kind": (
        "organisation: {code: so-thu, name: Sở Thử}\nunits:\n"
        + GOOD_UNIT
        + "  - {code: VP, name: Văn phòng, kind: department}\n"
    ),
    "unknown unit field": (
        "organisation: {code: so-thu, name: Sở Thử}\nunits:\n"
        + GOOD_UNIT
        + "  - {code: VP, name: Văn phòng, kind: office, sort_ordr: 5}\n"
    ),
    "unknown organisation field": "organisation: {code: so-thu, name: Sở Thử, adress: x}\n",
    "invalid organisation value": "organisation: {code: so-thu, name: Sở Thử, email: không}\n",
    "a unit that is not a mapping": (
        "organisation: {code: so-thu, name: Sở Thử}\nunits:\n" + GOOD_UNIT + "  - VP\n"
    ),
    "not YAML": "organisation: {code: so-thu\n  name: [\n",
    "not a mapping": "- just\n- a list\n",
}


@pytest.mark.parametrize("text", BROKEN_FILES.values(), ids=BROKEN_FILES.keys())
def test_a_broken_agency_file_is_refused_naming_the_file_and_saves_nothing(tmp_path, text):
    folder = _write(tmp_path, text)

    with pytest.raises(CommandError) as error:
        _load(str(folder))

    assert str(folder / "agency.yaml") in str(error.value)
    assert not Organisation.objects.exists()
    assert not Unit.objects.exists()


def test_a_folder_without_an_agency_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="agency.yaml"):
        _load(str(tmp_path))


def test_agency_load_reports_what_it_did():
    result = agency_load(folder=QUANG_NGAI)

    assert (result.units_created, result.units_updated) == (5, 0)
    with pytest.raises(AgencyDataError):
        agency_load(folder=QUANG_NGAI / "missing")
