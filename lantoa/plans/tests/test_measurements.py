"""Values of targets entered by hand: who may enter them, what is refused, and the evidence
kept out of public media and served only to those who may see it."""

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lantoa.plans.models import Measurement
from lantoa.plans.services import measurement_record
from lantoa.plans.tests.conftest import TODAY
from lantoa.plans.tests.factories import PLAN_2725_CODE, evidence_file
from lantoa.plans.tests.helpers import assert_refused

pytestmark = pytest.mark.django_db

LINK = "https://skhcn.quangngai.gov.vn/van-ban/bao-cao-so-57"


def _record(actor, target, **kwargs) -> Measurement:
    values = {"value": Decimal(40), "measured_on": TODAY.date(), "evidence_url": LINK}
    values.update(kwargs)
    return measurement_record(actor=actor, target=target, **values)


def test_the_lead_division_records_a_value_with_its_evidence(plan, qlkh):
    target = plan.targets.get(code="T7")

    measurement = _record(qlkh, target, value=Decimal("42.5"), note="Số liệu của 12 xã.")

    measurement.refresh_from_db()
    assert measurement.value == Decimal("42.50")
    assert measurement.measured_on == TODAY.date()
    assert measurement.entered_by == qlkh
    assert measurement.evidence_url == LINK
    assert measurement.note == "Số liệu của 12 xã."


@pytest.mark.parametrize("role", ["unit_staff", "leader", "editor", "office"])
def test_only_the_lead_division_may_record_values(plan, make_user, units, role):
    user = make_user(role, unit=units["TTCĐS"])

    with pytest.raises(PermissionDenied):
        _record(user, plan.targets.get(code="T7"))

    assert not Measurement.objects.exists()


def test_the_lead_division_role_holds_the_permission(qlkh, staff_ttcds):
    assert qlkh.has_perm("plans.record_measurement")
    assert not staff_ttcds.has_perm("plans.record_measurement")


def test_a_value_needs_evidence(plan, qlkh):
    with pytest.raises(ValidationError):
        _record(qlkh, plan.targets.get(code="T7"), evidence_url="")

    assert not Measurement.objects.exists()


def test_a_computed_target_cannot_be_entered_by_hand(plan, qlkh, fake_indicator):
    with pytest.raises(ValidationError) as error:
        _record(qlkh, plan.targets.get(code="T2"))

    assert "T2" in error.value.messages[0]
    assert not Measurement.objects.exists()


def test_a_value_cannot_be_dated_in_the_future(plan, qlkh):
    with pytest.raises(ValidationError) as error:
        _record(qlkh, plan.targets.get(code="T7"), measured_on=TODAY.date() + timedelta(days=1))

    assert "measured_on" in error.value.message_dict


@pytest.mark.parametrize(
    ("code", "value"),
    [
        ("T7", Decimal("100.01")),  # a percentage
        ("T7", Decimal(-1)),
        ("T1", Decimal(2)),  # yes / no
        ("T1", Decimal("0.5")),
    ],
)
def test_impossible_values_are_refused(plan, qlkh, code, value):
    with pytest.raises(ValidationError) as error:
        _record(qlkh, plan.targets.get(code=code), value=value)

    assert "value" in error.value.message_dict
    assert not Measurement.objects.exists()


@pytest.mark.parametrize(("code", "value"), [("T7", Decimal(100)), ("T1", 1), ("T1", 0)])
def test_boundary_values_are_accepted(plan, qlkh, code, value):
    _record(qlkh, plan.targets.get(code=code), value=Decimal(value))

    assert Measurement.objects.get().value == value


def test_the_evidence_file_is_kept_outside_public_media(plan, qlkh):
    measurement = _record(
        qlkh,
        plan.targets.get(code="T8"),
        evidence_url="",
        evidence_file=evidence_file("danh-sach-tap-huan.pdf"),
    )

    stored = Path(measurement.evidence_file.path).resolve()
    assert stored.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert stored.read_bytes() == b"%PDF-1.4 test"


def test_the_evidence_file_is_not_served_as_public_media(client, plan, qlkh):
    measurement = _record(
        qlkh, plan.targets.get(code="T8"), evidence_url="", evidence_file=evidence_file()
    )

    response = client.get(f"{settings.MEDIA_URL}{measurement.evidence_file.name}")

    assert response.status_code == 404


@pytest.fixture
def measurement_with_file(plan, qlkh) -> Measurement:
    return _record(
        qlkh,
        plan.targets.get(code="T8"),
        evidence_url="",
        evidence_file=evidence_file("danh-sach-tap-huan.pdf"),
    )


@pytest.mark.parametrize("who", ["leader", "qlkh"])
def test_the_evidence_file_is_served_to_those_who_see_values(
    client, request, measurement_with_file, who
):
    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("plans_measurement_evidence", args=[measurement_with_file.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert "danh-sach-tap-huan" in response["Content-Disposition"]


def test_the_evidence_file_is_refused_to_unit_staff(client, staff_ttcds, measurement_with_file):
    client.force_login(staff_ttcds)

    response = client.get(reverse("plans_measurement_evidence", args=[measurement_with_file.pk]))

    assert_refused(response)


def test_the_evidence_file_is_refused_to_anonymous_visitors(client, measurement_with_file):
    response = client.get(reverse("plans_measurement_evidence", args=[measurement_with_file.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_the_lead_division_enters_a_value_in_the_admin(client, plan, qlkh):
    target = plan.targets.get(code="T7")
    client.force_login(qlkh)
    url = f"{reverse('plans_measurements:add')}?plan={PLAN_2725_CODE}&target=T7"
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {
            "target": target.pk,
            "value": "55",
            "measured_on": "2025-11-30",
            "evidence_url": LINK,
            "note": "Theo báo cáo của các xã.",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("plans_target", args=[PLAN_2725_CODE, "T7"])
    measurement = Measurement.objects.get()
    assert (measurement.value, measurement.measured_on) == (Decimal(55), date(2025, 11, 30))
    page = client.get(response["Location"]).content.decode()
    assert "55%" in page
    assert LINK in page


def test_the_admin_form_offers_only_targets_without_an_indicator(
    client, plan, qlkh, fake_indicator
):
    client.force_login(qlkh)

    response = client.get(f"{reverse('plans_measurements:add')}?plan={PLAN_2725_CODE}")

    codes = [target.code for target in response.context["form"].fields["target"].queryset]
    assert codes == ["T1", "T3", "T4", "T5", "T6", "T7", "T8"]


def test_unit_staff_cannot_open_the_value_form(client, plan, staff_ttcds):
    client.force_login(staff_ttcds)

    response = client.get(f"{reverse('plans_measurements:add')}?plan={PLAN_2725_CODE}")

    assert_refused(response)
