"""The plan as an Excel workbook: every target and task, as on the dashboard."""

from io import BytesIO

import pytest
from django.urls import reverse
from django.utils.translation import gettext
from openpyxl import load_workbook

from lantoa.directory.models import Unit
from lantoa.plans.models import ProgressStatus
from lantoa.plans.tests.factories import PLAN_2725_CODE, progress_post
from lantoa.plans.tests.helpers import assert_refused

pytestmark = pytest.mark.django_db

EXPORT = reverse("plans_export", args=[PLAN_2725_CODE])


@pytest.fixture
def reports(node, units, staff_ttcds, staff_bcvt):
    progress_post(
        actor=staff_ttcds,
        node=node("III.2.b"),
        unit=units["TTCĐS"],
        note="Ghi chú của TTCĐS về kho tài nguyên số.",
    )
    progress_post(
        actor=staff_bcvt,
        node=node("III.1.a"),
        unit=units["BCVT"],
        status=ProgressStatus.DONE,
        note="Ghi chú của BCVT về chuyên mục.",
    )


def _workbook(client, user):
    client.force_login(user)
    response = client.get(EXPORT)
    assert response.status_code == 200
    return response, load_workbook(BytesIO(response.content))


def _rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(min_row=2, values_only=True))


def test_the_export_is_a_workbook_named_after_the_plan(client, plan, leader):
    response, workbook = _workbook(client, leader)

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="ke-hoach-2725-KH-SKHCN-20251201.xlsx"'
    )
    assert workbook.sheetnames == [gettext("Targets"), gettext("Tasks"), gettext("Plan")]


def test_the_export_has_the_eight_targets(client, plan, leader):
    _response, workbook = _workbook(client, leader)

    rows = _rows(workbook[gettext("Targets")])
    assert [(code, year, goal) for code, year, _text, goal, *_rest in rows] == [
        ("T1", 2025, 1),
        ("T2", 2025, 100),
        ("T3", 2025, 100),
        ("T4", 2027, 1),
        ("T5", 2027, 1),
        ("T6", 2030, 100),
        ("T7", 2030, 80),
        ("T8", 2030, 70),
    ]
    assert rows[6][2].startswith("Ít nhất 80% người dân tiếp cận thông tin định hướng")
    assert {row[4] for row in rows} == {gettext("no data source yet")}
    assert rows[0][7] == "31/12/2025"


def test_the_export_has_the_twenty_tasks_with_their_lead_units(client, plan, leader):
    _response, workbook = _workbook(client, leader)

    rows = _rows(workbook[gettext("Tasks")])
    assert len(rows) == 20
    lead = {reference: units for reference, _task, units, *_rest in rows}
    assert lead["III.1.a"] == "QLKH, BCVT, TTCĐS"
    assert lead["III.2.h"] == "TTCĐS"
    assert lead["III.4.d"] == "QLKH, TTCĐS"
    assert lead["III.3.b"].startswith("Các phòng chuyên môn, nghiệp vụ thuộc Sở")
    assert [row[0] for row in rows][:5] == ["III.1.a", "III.1.b", "III.1.c", "III.1.d", "III.2.a"]
    texts = {row[0]: row[1] for row in rows}
    assert texts["III.2.h"] == (
        "Đào tạo kỹ năng số cho người dân thông qua Tổ công nghệ số cộng đồng."
    )
    assert {row[3] for row in rows} == {"Các phòng, đơn vị thuộc Sở"}


def test_the_export_gives_the_leader_every_units_progress(client, plan, leader, reports):
    _response, workbook = _workbook(client, leader)

    rows = {row[0]: row for row in _rows(workbook[gettext("Tasks")])}
    assert rows["III.1.a"][5] == ProgressStatus.DONE.label
    assert "Ghi chú của BCVT về chuyên mục." in rows["III.1.a"][6]
    assert "Ghi chú của TTCĐS về kho tài nguyên số." in rows["III.2.b"][6]


def test_the_export_gives_a_unit_only_its_own_progress_notes(client, plan, staff_ttcds, reports):
    _response, workbook = _workbook(client, staff_ttcds)

    rows = {row[0]: row for row in _rows(workbook[gettext("Tasks")])}
    assert "Ghi chú của TTCĐS về kho tài nguyên số." in rows["III.2.b"][6]
    assert not rows["III.1.a"][6]
    assert rows["III.1.a"][5] == ProgressStatus.DONE.label


def test_the_editor_cannot_export(client, plan, editor):
    client.force_login(editor)

    assert_refused(client.get(EXPORT))


def test_units_of_equal_rank_are_listed_in_vietnamese_order(
    client, plan, leader, units, node, staff_ttcds, staff_bcvt
):
    """A directory imported without sort orders (all 100): ties go by name, so "Trung tâm Đổi
    mới" comes before "Trung tâm Tin học" (Đ follows D), where code-point order puts Đ after Z."""
    for code, name in [("TTCĐS", "Trung tâm Đổi mới sáng tạo"), ("BCVT", "Trung tâm Tin học")]:
        units[code].name = name
        units[code].save()
    Unit.objects.update(sort_order=100)
    for staff, code in [(staff_bcvt, "BCVT"), (staff_ttcds, "TTCĐS")]:
        progress_post(actor=staff, node=node("III.1.a"), unit=units[code], note=f"Ghi chú {code}")

    _response, workbook = _workbook(client, leader)

    rows = {row[0]: row for row in _rows(workbook[gettext("Tasks")])}
    assert rows["III.1.a"][2] == "QLKH, TTCĐS, BCVT"
    notes = rows["III.1.a"][6].splitlines()
    assert [note.split(" ")[0] for note in notes] == ["TTCĐS", "BCVT"]
