"""/api/v1/plans/: the plans in force, and one plan with its tasks and targets."""

from decimal import Decimal

import pytest

from lantoa.plans.models import ProgressStatus
from lantoa.plans.tests.factories import PLAN_2725_CODE, plan_file_write, progress_post

pytestmark = pytest.mark.django_db

PLANS = "/api/v1/plans/"
PLAN_2725_URL = f"{PLANS}{PLAN_2725_CODE}/"


def test_the_plans_are_listed_publicly(client, plan, tmp_path):
    from lantoa.plans.loading import plan_load

    plan_load(path=plan_file_write(tmp_path))

    response = client.get(PLANS)

    assert response.status_code == 200
    by_code = {item["code"]: item for item in response.json()}
    assert set(by_code) == {PLAN_2725_CODE, "kh-thu-2026"}
    assert by_code[PLAN_2725_CODE] == {
        "code": PLAN_2725_CODE,
        "number_and_symbol": "2725/KH-SKHCN",
        "document_type": "KẾ HOẠCH",
        "title": plan.title,
        "issuer": "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "issued_on": "2025-11-11",
        "period_start": 2025,
        "period_end": 2030,
    }


def test_a_plan_holds_its_tasks_by_reference(client, plan, node):
    body = client.get(PLAN_2725_URL).json()

    tasks = {task["code"]: task for task in body["tasks"]}
    task = tasks["III.2.b"]
    assert task["kind"] == "task"
    assert task["text"] == node("III.2.b").text
    assert task["text"].startswith("Xây dựng kho tài nguyên truyền thông số")
    assert task["lead_units"] == ["TTCĐS"]
    assert task["coordinating_all_units"] is True
    assert tasks["III.1.a"]["lead_units"] == ["QLKH", "BCVT", "TTCĐS"]
    assert tasks["III.3.a"]["lead_units"] == []
    assert tasks["III.3.a"]["lead_units_note"].startswith("Các phòng chuyên môn")
    assert tasks["III.1.d"]["timeframe"] == "yearly"
    assert tasks["III.1.d"]["yearly_dates"] == ["05-18", "10-01", "10-10"]
    assert sum(1 for task in body["tasks"] if task["kind"] == "task") == 20
    assert tasks["III.2"]["kind"] == "task_group"
    assert body["signer"] == "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC Phan Văn Hiếu"


def test_a_plan_holds_its_targets_without_made_up_values(client, plan):
    targets = client.get(PLAN_2725_URL).json()["targets"]

    assert [target["code"] for target in targets] == [f"T{n}" for n in range(1, 9)]
    first = targets[0]
    assert (first["year"], first["kind"], Decimal(str(first["goal"]))) == (2025, "yes_no", 1)
    assert targets[6]["year"] == 2030
    assert Decimal(str(targets[6]["goal"])) == 80
    assert targets[6]["deadline"] == "2030-12-31"
    for target in targets:
        assert target["value"] is None
        assert target["value_source"] == "none"
        assert target["status"] == "no_data"


def test_a_computed_target_has_its_value(client, plan, fake_indicator):
    target = client.get(PLAN_2725_URL).json()["targets"][1]

    assert (Decimal(str(target["value"])), target["value_source"], target["status"]) == (
        Decimal(75),
        "computed",
        "on_track",
    )


def test_the_api_shows_no_progress(client, plan, node, units, staff_ttcds):
    progress_post(
        actor=staff_ttcds,
        node=node("III.2.b"),
        unit=units["TTCĐS"],
        status=ProgressStatus.DONE,
        note="Ghi chú nội bộ không công bố.",
    )

    assert "Ghi chú nội bộ" not in client.get(PLAN_2725_URL).content.decode()


def test_an_unknown_plan_is_not_found(client, plan):
    assert client.get(f"{PLANS}khong-co/").status_code == 404


def test_the_plan_endpoints_are_in_the_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    assert "/api/v1/plans/" in paths
    assert "/api/v1/plans/{code}/" in paths
    detail = paths["/api/v1/plans/{code}/"]["get"]
    assert detail["tags"] == ["plans"]
