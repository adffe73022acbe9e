"""The staff dashboard, the plan document and target pages, and the public summary."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from lantoa.plans.evaluation import TargetStatus
from lantoa.plans.models import ProgressStatus
from lantoa.plans.tests.factories import PLAN_2725_CODE, plan_file_write, progress_post
from lantoa.plans.tests.helpers import assert_refused, table_rows

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("plans_dashboard")
PUBLIC_LIST = "/ke-hoach/"
PUBLIC_SUMMARY = f"/ke-hoach/{PLAN_2725_CODE}/"
# Bounds a little above today's counts with Plan 2725 (20 tasks, 8 targets): 37 and 29, of
# which two per target (its measurements and its trend). A query per task or per report would
# break them.
DASHBOARD_MAX_QUERIES = 40
PUBLIC_SUMMARY_MAX_QUERIES = 38  # the plan, its targets and tasks, plus the site frame

TASKS = [
    f"III.{group}.{letter}"
    for group, letters in ((1, "abcd"), (2, "abcdefgh"), (3, "abcd"), (4, "abcd"))
    for letter in letters
]
LEAD_UNITS = {"1": "QLKH, BCVT, TTCĐS", "2": "TTCĐS", "4": "QLKH, TTCĐS"}
III_3_NOTE = "Các phòng chuyên môn, nghiệp vụ thuộc Sở"


def _goals() -> dict[str, str]:
    yes, every_year = gettext("yes"), gettext("every year")
    return {
        "T1": yes,
        "T2": "100%",
        "T3": "100%",
        "T4": yes,
        "T5": every_year,
        "T6": "100%",
        "T7": "80%",
        "T8": "70%",
    }


DEADLINES = {
    "T1": "31/12/2025",
    "T2": "31/12/2025",
    "T3": "31/12/2025",
    "T4": "31/12/2027",
    "T5": "31/12/2027",
    "T6": "31/12/2030",
    "T7": "31/12/2030",
    "T8": "31/12/2030",
}


@pytest.fixture
def leader_client(client, leader):
    client.force_login(leader)
    return client


@pytest.fixture
def reports(node, units, staff_ttcds, staff_bcvt):
    """Two reports: TTCĐS on III.2.b, BCVT on III.1.a."""
    return [
        progress_post(
            actor=staff_ttcds,
            node=node("III.2.b"),
            unit=units["TTCĐS"],
            note="Ghi chú nội bộ của TTCĐS: kho tài nguyên đang chạy thử.",
        ),
        progress_post(
            actor=staff_bcvt,
            node=node("III.1.a"),
            unit=units["BCVT"],
            status=ProgressStatus.DONE,
            note="Ghi chú nội bộ của BCVT: chuyên mục đã hoạt động.",
        ),
    ]


# Dashboard -----------------------------------------------------------------------------------


def test_the_dashboard_lists_the_eight_targets_with_goals_and_years(leader_client, plan):
    response = leader_client.get(DASHBOARD)

    assert response.status_code == 200
    rows = table_rows(response.content.decode())
    goals = _goals()
    for target in plan.targets.all():
        code, text, goal, deadline, value, status, _trend = rows[target.code]
        assert text.startswith(" ".join(target.text.split()[:20])), code
        assert goal == goals[code]
        assert deadline == DEADLINES[code]
        assert value == gettext("no data source yet")
        assert status == TargetStatus.NO_DATA.label


def test_the_dashboard_lists_every_task_with_its_lead_units(leader_client, plan, node):
    rows = table_rows(leader_client.get(DASHBOARD).content.decode())

    assert [path for path in rows if path.startswith("III.")] == TASKS
    for path in TASKS:
        _path, text, lead, status, _latest = rows[path]
        group = path.split(".")[1]
        if group == "3":
            assert lead.startswith(III_3_NOTE), path
        else:
            assert lead == LEAD_UNITS[group], path
        assert text.startswith(" ".join(node(path).text.split()[:12])), path
        assert status == ProgressStatus.NOT_STARTED.label
    assert rows["III.2.h"][1] == (
        "Đào tạo kỹ năng số cho người dân thông qua Tổ công nghệ số cộng đồng."
    )


def test_the_dashboard_shows_a_computed_figure(leader_client, plan, fake_indicator):
    rows = table_rows(leader_client.get(DASHBOARD).content.decode())

    assert rows["T2"][4] == "75% 3/4"
    assert rows["T2"][5] == TargetStatus.ON_TRACK.label
    assert rows["T3"][4] == gettext("no data source yet")


def test_the_dashboard_shows_the_latest_status_of_each_task(leader_client, reports):
    rows = table_rows(leader_client.get(DASHBOARD).content.decode())

    assert rows["III.1.a"][3] == ProgressStatus.DONE.label
    assert rows["III.2.b"][3] == ProgressStatus.IN_PROGRESS.label
    assert rows["III.2.c"][3] == ProgressStatus.NOT_STARTED.label
    # BCVT led four tasks and finished one.
    assert rows["BCVT"][1:5] == ["1", "0", "0", "3"]


@pytest.mark.parametrize("who", ["staff_ttcds", "qlkh"])
def test_unit_staff_and_the_lead_division_open_the_dashboard(client, request, plan, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(DASHBOARD).status_code == 200


def test_the_editor_cannot_open_the_dashboard(client, plan, editor):
    client.force_login(editor)

    assert_refused(client.get(DASHBOARD))
    assert_refused(client.get(reverse("plans_document", args=[PLAN_2725_CODE])))


def test_anonymous_visitors_are_sent_to_log_in(client, plan):
    response = client.get(DASHBOARD)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_the_dashboard_without_a_plan_is_not_found(client, leader):
    client.force_login(leader)

    assert client.get(DASHBOARD).status_code == 404


def test_the_dashboard_switches_between_plans(leader_client, plan, tmp_path):
    from lantoa.plans.loading import plan_load

    other = plan_load(path=plan_file_write(tmp_path)).plan

    rows = table_rows(leader_client.get(DASHBOARD, {"plan": other.code}).content.decode())

    assert "I.1.a" in rows
    assert "III.1.a" not in rows


def test_the_dashboard_query_count_does_not_grow_with_reports(
    leader_client, plan, node, units, staff_ttcds, staff_bcvt, django_assert_max_num_queries
):
    progress_post(actor=staff_ttcds, node=node("III.2.a"), unit=units["TTCĐS"])
    with django_assert_max_num_queries(DASHBOARD_MAX_QUERIES):
        leader_client.get(DASHBOARD)
    with CaptureQueriesContext(connection) as before:
        leader_client.get(DASHBOARD)

    progress_post(actor=staff_ttcds, node=node("III.2.c"), unit=units["TTCĐS"])
    progress_post(actor=staff_bcvt, node=node("III.1.b"), unit=units["BCVT"])
    with CaptureQueriesContext(connection) as after:
        response = leader_client.get(DASHBOARD)

    assert response.status_code == 200
    assert len(after) == len(before)


# Plan document and target pages --------------------------------------------------------------


def test_the_plan_document_shows_the_tree_as_issued(leader_client, plan):
    response = leader_client.get(reverse("plans_document", args=[PLAN_2725_CODE]))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="node-III.2.b"' in html
    assert "Xây dựng kho tài nguyên truyền thông số phục vụ hoạt động truyền thông" in html
    assert "MỤC ĐÍCH, YÊU CẦU" in html
    assert "Phan Văn Hiếu" in html
    assert html.index('id="node-III.1.a"') < html.index('id="node-III.4.d"')


def test_the_plan_document_shows_a_unit_only_its_own_reports(client, plan, staff_ttcds, reports):
    client.force_login(staff_ttcds)

    html = client.get(reverse("plans_document", args=[PLAN_2725_CODE])).content.decode()

    assert "Ghi chú nội bộ của TTCĐS" in html
    assert "Ghi chú nội bộ của BCVT" not in html


def test_the_plan_document_shows_the_leader_every_report(leader_client, plan, reports):
    html = leader_client.get(reverse("plans_document", args=[PLAN_2725_CODE])).content.decode()

    assert "Ghi chú nội bộ của TTCĐS" in html
    assert "Ghi chú nội bộ của BCVT" in html


def test_the_target_page_says_when_there_is_no_data_source(leader_client, plan):
    response = leader_client.get(reverse("plans_target", args=[PLAN_2725_CODE, "T3"]))

    assert response.status_code == 200
    html = response.content.decode()
    assert gettext("no data source yet") in html
    assert "100% cơ quan thực hiện nhiệm vụ về truyền thông thuộc Sở" in html
    assert "II.2.a.-3" in html


def test_the_target_page_opens_the_figure_onto_its_records(leader_client, plan, fake_indicator):
    html = leader_client.get(reverse("plans_target", args=[PLAN_2725_CODE, "T2"])).content.decode()

    assert "75%" in html
    assert "Nguyễn Thị Hoa — đã dự hội nghị phổ biến" in html
    assert "Lê Văn Bưu — chưa được phổ biến" in html


def test_an_unknown_target_or_plan_is_not_found(leader_client, plan):
    assert leader_client.get(reverse("plans_target", args=[PLAN_2725_CODE, "T9"])).status_code == (
        404
    )
    assert leader_client.get(reverse("plans_document", args=["khong-co"])).status_code == 404


# Public pages --------------------------------------------------------------------------------


def test_the_public_list_names_the_plans_in_force(client, plan):
    response = client.get(PUBLIC_LIST)

    assert response.status_code == 200
    html = response.content.decode()
    assert "2725/KH-SKHCN" in html
    assert PUBLIC_SUMMARY in html


def test_the_public_summary_shows_targets_and_tasks(client, plan):
    response = client.get(PUBLIC_SUMMARY)

    assert response.status_code == 200
    rows = table_rows(response.content.decode())
    goals = _goals()
    for code, goal in goals.items():
        assert rows[code][2:5] == [goal, DEADLINES[code], gettext("no data source yet")]
    assert rows["T7"][1].startswith("Ít nhất 80% người dân tiếp cận thông tin định hướng")
    assert [path for path in rows if path.startswith("III.")] == TASKS
    assert rows["III.2.a"][2] == "Trung tâm Chuyển đổi số và Đổi mới sáng tạo"
    assert rows["III.3.a"][2].startswith(III_3_NOTE)


def test_the_public_summary_shows_no_progress_notes(client, plan, reports):
    html = client.get(PUBLIC_SUMMARY).content.decode()

    assert "Ghi chú nội bộ" not in html
    assert "skhcn.quangngai.gov.vn/tin-tuc" not in html
    assert table_rows(html)["III.1.a"][3] == ProgressStatus.DONE.label


def test_a_plan_no_longer_in_force_is_not_public(client, plan):
    plan.is_active = False
    plan.save()

    assert client.get(PUBLIC_SUMMARY).status_code == 404
    assert "2725/KH-SKHCN" not in client.get(PUBLIC_LIST).content.decode()


def test_the_public_summary_query_count_does_not_grow_with_reports(
    client, plan, node, units, staff_ttcds, staff_bcvt, django_assert_max_num_queries
):
    with django_assert_max_num_queries(PUBLIC_SUMMARY_MAX_QUERIES):
        client.get(PUBLIC_SUMMARY)
    with CaptureQueriesContext(connection) as before:
        client.get(PUBLIC_SUMMARY)

    progress_post(actor=staff_ttcds, node=node("III.2.c"), unit=units["TTCĐS"])
    progress_post(actor=staff_bcvt, node=node("III.1.b"), unit=units["BCVT"])
    with CaptureQueriesContext(connection) as after:
        client.get(PUBLIC_SUMMARY)

    assert len(after) == len(before)
