"""`manage.py load_plan`: loads, reports what it did, and stops on a broken file."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lantoa.plans.loading import PlanDataError, plan_load
from lantoa.plans.models import Plan, PlanNode
from lantoa.plans.tests.factories import (
    PLAN_2725,
    SMALL_PLAN,
    line_of,
    plan_file_write,
    plan_text_changed,
)

pytestmark = pytest.mark.django_db


def _load_plan(*args) -> str:
    out = StringIO()
    call_command("load_plan", *args, stdout=out)
    return out.getvalue()


def test_the_command_loads_plan_2725_then_finds_it_unchanged(agency):
    assert _load_plan(str(PLAN_2725)) == (
        "2725/KH-SKHCN: loaded — 64 items, 20 tasks, 8 targets.\n"
    )
    assert _load_plan(str(PLAN_2725)) == (
        "2725/KH-SKHCN: unchanged — 64 items, 20 tasks, 8 targets.\n"
    )
    assert Plan.objects.get().revisions.count() == 1


def test_without_files_the_command_loads_the_agencys_plans(agency):
    output = _load_plan()

    assert "2725/KH-SKHCN: loaded" in output
    assert Plan.objects.filter(code="kh-2725-2025").exists()


def test_the_command_reports_a_revision(agency, tmp_path):
    path = plan_file_write(tmp_path)
    _load_plan(str(path))
    plan_file_write(tmp_path, plan_text_changed(SMALL_PLAN, "Cập nhật", "Duy trì"))

    assert _load_plan(str(path)) == (
        "15/KH-SKHCN: revised (revision 2) — 4 items, 2 tasks, 1 targets.\n"
    )


def test_the_command_stops_on_a_broken_file_with_its_line(agency, tmp_path):
    path = plan_file_write(tmp_path, plan_text_changed(SMALL_PLAN, "    goal: 100\n", ""))
    with pytest.raises(PlanDataError) as expected:
        plan_load(path=path)

    with pytest.raises(CommandError) as error:
        _load_plan(str(path))

    assert str(error.value) == str(expected.value)
    assert str(error.value).startswith(f"{path}:{line_of(SMALL_PLAN, '- code: T1')}: ")
    assert not Plan.objects.exists()
    assert not PlanNode.objects.exists()
