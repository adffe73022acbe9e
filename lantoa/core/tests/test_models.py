"""TimeStampedModel: timestamps, and every text stored in Unicode NFC."""

import unicodedata

import pytest

from lantoa.directory.tests.factories import ExternalOrganisationFactory, PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db

DECOMPOSED = "Qua\u0309ng Nga\u0303i"  # as Word or an OCR tool may paste it
COMPOSED = "Quảng Ngãi"


def test_the_example_really_is_decomposed():
    assert DECOMPOSED != COMPOSED
    assert unicodedata.normalize("NFC", DECOMPOSED) == COMPOSED


def test_a_decomposed_name_is_stored_composed():
    unit = UnitFactory(name=DECOMPOSED)

    unit.refresh_from_db()
    assert unit.name == COMPOSED
    assert type(unit).objects.filter(name=COMPOSED).exists()


def test_text_fields_and_updates_are_normalised_too():
    organisation = ExternalOrganisationFactory(notes=f"Phóng viên ở {DECOMPOSED}")
    person = PersonFactory()
    person.full_name = f"Nguye\u0302\u0303n Va\u0306n {DECOMPOSED}"
    person.save()

    organisation.refresh_from_db()
    person.refresh_from_db()
    assert organisation.notes == f"Phóng viên ở {COMPOSED}"
    assert person.full_name == f"Nguyễn Văn {COMPOSED}"


def test_timestamps_are_set_and_updated(time_machine):
    time_machine.move_to("2025-01-02 08:00 +07:00", tick=False)
    unit = UnitFactory()
    created = unit.created_at

    time_machine.shift(60)
    unit.name = "Phòng mới"
    unit.save()

    unit.refresh_from_db()
    assert unit.created_at == created
    assert (unit.updated_at - created).total_seconds() == 60
