"""The portal's measures of Plan 2725's targets T1 (the Resolution 57 section has items
published every month) and T3 (units with a communication duty publishing in it), articles as
evidence on plan tasks, and how both reach the plan dashboard and the API.

Plan 2725 was issued on 11/11/2025, so T1 judges the months from November 2025 on.
"""

import datetime as dt
import itertools
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageViewRestriction

from lantoa.directory.models import Unit
from lantoa.directory.services import agency_load
from lantoa.plans import indicators as plan_indicators
from lantoa.plans.evaluation import TargetStatus
from lantoa.plans.indicators import IndicatorContext, indicator_get
from lantoa.plans.loading import plan_load
from lantoa.plans.models import Plan, PlanNode
from lantoa.plans.tests.factories import AGENCY_FOLDER, PLAN_2725, PLAN_2725_CODE
from lantoa.plans.tests.helpers import table_rows
from lantoa.portal.evidence import articles_by_task, articles_for_task
from lantoa.portal.indicators import (
    SECTION_ACTIVE,
    UNITS_PUBLISHING,
    communication_units_publishing_records,
    communication_units_publishing_share,
    section_active,
    section_active_records,
)
from lantoa.portal.models import ArticleKind, ArticlePage, SectionPage
from lantoa.portal.setup import portal_setup

pytestmark = pytest.mark.django_db

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
R57 = "nghi-quyet-57"
OTHER_R57 = "binh-dan-hoc-vu-so"
NOT_R57 = "chuyen-doi-so"
_slugs = itertools.count(1)


def vn(*args) -> dt.datetime:
    """A moment on the Vietnamese clock."""
    return dt.datetime(*args, tzinfo=VIETNAM)


@pytest.fixture(autouse=True)
def _english():
    """Labels are compared as the code writes them (English msgids), whatever catalogs exist."""
    with translation.override("en"):
        yield


@pytest.fixture
def agency(db):
    return agency_load(folder=AGENCY_FOLDER).organisation


@pytest.fixture
def units(agency) -> dict[str, Unit]:
    return {unit.code: unit for unit in Unit.objects.filter(organisation=agency)}


@pytest.fixture
def plan(agency) -> Plan:
    return plan_load(path=PLAN_2725).plan


@pytest.fixture
def sections(agency) -> dict[str, SectionPage]:
    """The portal of data/agencies/quang-ngai/portal.yaml, with "Chuyển đổi số" marked as not
    about Resolution 57 so that it stands for any other section."""
    home = portal_setup(folder=AGENCY_FOLDER)
    by_slug = {section.slug: section for section in SectionPage.objects.child_of(home)}
    SectionPage.objects.filter(pk=by_slug[NOT_R57].pk).update(is_resolution_57=False)
    by_slug[NOT_R57].refresh_from_db()
    return by_slug


@pytest.fixture
def publish(time_machine):
    """publish(section, unit, at) → a live article first published at that moment."""

    def _publish(section, unit, at: dt.datetime, *, live: bool = True, **fields) -> ArticlePage:
        slug = f"tin-thu-{next(_slugs)}"
        article = ArticlePage(
            title=fields.pop("title", f"Tin thử {slug}"),
            slug=slug,
            lead="Tin thử về Nghị quyết 57.",
            authoring_unit=unit,
            live=False,
            **fields,
        )
        time_machine.move_to(at, tick=False)
        section.add_child(instance=article)
        revision = article.save_revision()
        if live:
            revision.publish()
        article.refresh_from_db()
        return article

    return _publish


def context(plan, as_of: dt.date) -> IndicatorContext:
    return IndicatorContext(plan=plan, target=plan.targets.get(code="T1"), as_of=as_of)


def month_records(plan, as_of: dt.date) -> list[tuple[str, bool, str]]:
    return [
        (record.label, record.counted, record.url)
        for record in section_active_records(context(plan, as_of))
    ]


# --- registration --------------------------------------------------------------------------


def test_both_indicators_are_registered_under_the_keys_plan_2725_names(plan):
    assert plan.targets.get(code="T1").indicator_key == SECTION_ACTIVE
    assert plan.targets.get(code="T3").indicator_key == UNITS_PUBLISHING
    assert indicator_get(SECTION_ACTIVE).compute is section_active
    assert indicator_get(UNITS_PUBLISHING).compute is communication_units_publishing_share
    assert indicator_get(UNITS_PUBLISHING).records is communication_units_publishing_records


# --- T1: the section is published every month ----------------------------------------------


def test_the_section_is_active_when_every_month_since_the_plan_has_items(
    plan, sections, units, publish
):
    ttcds = units["TTCĐS"]
    publish(sections[R57], ttcds, vn(2025, 11, 15, 9))
    publish(sections[OTHER_R57], ttcds, vn(2025, 12, 3, 14))
    publish(sections[R57], ttcds, vn(2026, 1, 5, 8))

    result = section_active(context(plan, dt.date(2026, 1, 20)))

    assert (result.value, result.numerator, result.denominator) == (Decimal(1), 3, 3)
    assert result.detail == "3/3 months with published items"


def test_the_running_month_is_judged_only_once_it_has_an_item(plan, sections, units, publish):
    publish(sections[R57], units["QLKH"], vn(2025, 11, 20, 9))
    publish(sections[R57], units["QLKH"], vn(2025, 12, 20, 9))

    on_the_20th = section_active(context(plan, dt.date(2026, 1, 20)))

    assert (on_the_20th.value, on_the_20th.numerator, on_the_20th.denominator) == (1, 2, 2)
    assert [label for label, _counted, _url in month_records(plan, dt.date(2026, 1, 20))] == [
        "11/2025: 1 published item",
        "12/2025: 1 published item",
    ]


def test_a_month_without_items_makes_it_not_yet(plan, sections, units, publish):
    publish(sections[R57], units["BCVT"], vn(2025, 11, 20, 9))
    publish(sections[R57], units["BCVT"], vn(2026, 1, 2, 9))
    publish(sections[R57], units["BCVT"], vn(2026, 1, 9, 9))

    result = section_active(context(plan, dt.date(2026, 1, 20)))

    assert (result.value, result.numerator, result.denominator) == (0, 2, 3)
    assert result.detail == "2/3 months with published items"
    section_url = sections[R57].get_url()
    assert month_records(plan, dt.date(2026, 1, 20)) == [
        ("11/2025: 1 published item", True, section_url),
        ("12/2025: 0 published items", False, section_url),
        ("01/2026: 2 published items", True, section_url),
    ]
    assert [
        record.group for record in section_active_records(context(plan, dt.date(2026, 1, 20)))
    ] == ["2025", "2025", "2026"]


def test_months_are_calendar_months_in_vietnam(plan, sections, units, publish):
    # 23:30 on 30/11 and 00:30 on 1/12 in Vietnam: both still 30 November in UTC.
    publish(sections[R57], units["QLKH"], vn(2025, 11, 30, 23, 30))
    publish(sections[R57], units["QLKH"], vn(2025, 12, 1, 0, 30))
    publish(sections[R57], units["QLKH"], vn(2025, 12, 31, 23, 59))
    publish(sections[R57], units["QLKH"], vn(2026, 1, 1, 0, 0))

    labels = [label for label, _counted, _url in month_records(plan, dt.date(2026, 1, 1))]

    assert labels == [
        "11/2025: 1 published item",
        "12/2025: 2 published items",
        "01/2026: 1 published item",
    ]


def test_items_after_the_day_asked_about_are_not_counted(plan, sections, units, publish):
    publish(sections[R57], units["QLKH"], vn(2025, 11, 20, 9))
    publish(sections[R57], units["QLKH"], vn(2025, 12, 15, 23, 59))
    publish(sections[R57], units["QLKH"], vn(2025, 12, 16, 0, 0))

    assert month_records(plan, dt.date(2025, 12, 15))[-1][0] == "12/2025: 1 published item"
    assert month_records(plan, dt.date(2025, 12, 16))[-1][0] == "12/2025: 2 published items"
    # Before the plan's first month ends there is nothing to judge yet.
    assert section_active(context(plan, dt.date(2025, 11, 11))).denominator == 0


def test_only_live_public_articles_of_a_resolution_57_section_count(plan, sections, units, publish):
    qlkh = units["QLKH"]
    november = vn(2025, 11, 20, 9)
    publish(sections[R57], qlkh, november, live=False)  # a draft
    publish(sections[R57], qlkh, november).unpublish()  # published, then withdrawn
    private = publish(sections[R57], qlkh, november)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    publish(sections[NOT_R57], qlkh, november)  # a section about something else
    hidden = publish(sections[OTHER_R57], qlkh, november)
    sections[OTHER_R57].unpublish()  # its section is no longer on the site

    result = section_active(context(plan, dt.date(2025, 12, 10)))

    assert (result.value, result.numerator, result.denominator) == (0, 0, 1)
    hidden.refresh_from_db()
    assert hidden.live

    publish(sections[R57], qlkh, november)
    assert section_active(context(plan, dt.date(2025, 12, 10))).value == 1


def test_a_section_open_only_to_signed_in_users_does_not_count(plan, sections, units, publish):
    publish(sections[OTHER_R57], units["QLKH"], vn(2025, 11, 20, 9))
    PageViewRestriction.objects.create(
        page=sections[OTHER_R57], restriction_type=PageViewRestriction.LOGIN
    )

    assert section_active(context(plan, dt.date(2025, 12, 10))).numerator == 0


def test_without_a_resolution_57_section_the_target_is_not_met(plan, sections, units, publish):
    publish(sections[R57], units["QLKH"], vn(2025, 11, 20, 9))
    SectionPage.objects.update(is_resolution_57=False)

    result = section_active(context(plan, dt.date(2025, 12, 10)))
    records = section_active_records(context(plan, dt.date(2025, 12, 10)))

    assert (result.value, result.numerator, result.denominator) == (0, 0, 1)
    assert result.detail == "No Resolution 57 section is published on the portal."
    assert (records[0].label, records[0].counted) == (result.detail, False)
    assert (records[1].label, records[1].url) == ("11/2025: 0 published items", "")


def test_without_a_portal_at_all_the_target_is_not_met(plan):
    assert section_active(context(plan, dt.date(2025, 12, 10))).value == 0


# --- T3: units with a communication duty publishing ----------------------------------------


def share(plan, as_of: dt.date):
    return communication_units_publishing_share(context(plan, as_of))


def unit_records(plan, as_of: dt.date) -> dict[str, tuple[str, bool, str]]:
    return {
        record.group: (record.label, record.counted, record.url)
        for record in communication_units_publishing_records(context(plan, as_of))
    }


def test_the_share_counts_units_with_a_duty_that_published_in_the_section(
    plan, sections, units, publish
):
    first = publish(sections[R57], units["TTCĐS"], vn(2025, 11, 20, 9))
    latest = publish(sections[OTHER_R57], units["TTCĐS"], vn(2025, 11, 25, 9))
    publish(sections[NOT_R57], units["BCVT"], vn(2025, 11, 20, 9))  # not a Resolution 57 one
    publish(sections[R57], units["VP"], vn(2025, 11, 20, 9))  # no communication duty

    result = share(plan, dt.date(2025, 12, 1))

    assert (result.value, result.numerator, result.denominator) == (Decimal("33.33"), 1, 3)
    assert result.detail == (
        "1 of 3 units with a communication duty have published in the Resolution 57 section"
    )
    records = unit_records(plan, dt.date(2025, 12, 1))
    assert list(records) == ["QLKH", "BCVT", "TTCĐS"]
    assert records["TTCĐS"] == (
        f"{units['TTCĐS']}: 2 published items, latest on 25/11/2025",
        True,
        latest.get_url(),
    )
    assert latest.get_url() != first.get_url()
    assert records["BCVT"] == (
        f"{units['BCVT']}: nothing published in the section yet",
        False,
        reverse("unit:inspect", args=[units["BCVT"].pk]),
    )


def test_every_unit_with_a_duty_publishing_makes_100_percent(plan, sections, units, publish):
    for code in ("QLKH", "BCVT", "TTCĐS"):
        publish(sections[R57], units[code], vn(2025, 11, 20, 9))

    result = share(plan, dt.date(2025, 12, 1))

    assert (result.value, result.numerator, result.denominator) == (Decimal(100), 3, 3)


def test_inactive_units_and_units_without_a_duty_are_left_out(plan, sections, units, publish):
    publish(sections[R57], units["VP"], vn(2025, 11, 20, 9))
    Unit.objects.filter(code="QLKH").update(is_active=False)
    Unit.objects.filter(code="VP").update(has_communication_duty=True)

    result = share(plan, dt.date(2025, 12, 1))

    assert (result.numerator, result.denominator) == (1, 3)
    assert set(unit_records(plan, dt.date(2025, 12, 1))) == {"VP", "BCVT", "TTCĐS"}


def test_units_publishing_are_counted_up_to_the_end_of_the_day_in_vietnam(
    plan, sections, units, publish
):
    publish(sections[R57], units["BCVT"], vn(2026, 1, 16, 0, 0))

    assert share(plan, dt.date(2026, 1, 15)).numerator == 0
    assert share(plan, dt.date(2026, 1, 16)).numerator == 1


def test_drafts_and_private_articles_do_not_make_a_unit_publishing(plan, sections, units, publish):
    publish(sections[R57], units["QLKH"], vn(2025, 11, 20, 9), live=False)
    private = publish(sections[R57], units["BCVT"], vn(2025, 11, 20, 9))
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    assert share(plan, dt.date(2025, 12, 1)).numerator == 0


def test_without_units_with_a_duty_there_is_no_share(plan, sections):
    Unit.objects.update(has_communication_duty=False)

    result = share(plan, dt.date(2025, 12, 1))

    assert (result.value, result.denominator) == (None, 0)
    assert result.detail == "No active unit has a communication duty."


# --- articles as evidence on plan tasks ----------------------------------------------------


def test_articles_serving_a_task_are_its_evidence(
    plan, sections, units, publish, django_assert_max_num_queries
):
    nodes = {node.path: node for node in PlanNode.objects.filter(plan=plan)}
    older = publish(sections[R57], units["TTCĐS"], vn(2025, 11, 20, 23, 30), title="Ra mắt")
    newer = publish(
        sections[NOT_R57], units["BCVT"], vn(2025, 12, 2, 8), kind=ArticleKind.INFOGRAPHIC
    )
    draft = publish(sections[R57], units["QLKH"], vn(2025, 12, 3, 8), live=False)
    links = ((older, ["III.1.a", "III.2.d"]), (newer, ["III.1.a"]), (draft, ["III.1.a"]))
    for article, paths in links:
        article.plan_tasks.set([nodes[path] for path in paths])
        article.save()

    assert list(articles_for_task(nodes["III.1.a"])) == [newer, older]
    # A fixed number whatever the articles: view restrictions, articles, their links to tasks,
    # and the site root paths for their addresses.
    with django_assert_max_num_queries(5):
        evidence = articles_by_task(plan)

    assert set(evidence) == {nodes["III.1.a"].pk, nodes["III.2.d"].pk}
    first, second = evidence[nodes["III.1.a"].pk]
    assert (first.label, first.url, first.day) == (
        newer.title,
        newer.get_url(),
        dt.date(2025, 12, 2),
    )
    assert first.kind == str(ArticleKind.INFOGRAPHIC.label)
    assert (second.label, second.day) == ("Ra mắt", dt.date(2025, 11, 20))


def test_a_plan_without_articles_has_no_evidence(plan, sections):
    assert articles_by_task(plan) == {}


# --- the plan screens ----------------------------------------------------------------------


@pytest.fixture
def articles_of_every_unit(sections, units, publish):
    for code in ("QLKH", "BCVT", "TTCĐS"):
        publish(sections[R57], units[code], vn(2025, 11, 20, 9))


@pytest.fixture
def today(time_machine):
    """The plans tests' day: 1 December 2025, three weeks after the plan was issued."""

    def _freeze():
        time_machine.move_to(vn(2025, 12, 1, 9, 30), tick=False)

    return _freeze


def api_targets(client) -> dict[str, dict]:
    body = client.get(f"/api/v1/plans/{PLAN_2725_CODE}/").json()
    return {target["code"]: target for target in body["targets"]}


def test_the_api_gives_t1_and_t3_values_from_the_portal(
    client, plan, articles_of_every_unit, today, monkeypatch
):
    today()
    with monkeypatch.context() as nothing_registered:
        nothing_registered.setattr(plan_indicators, "_registry", {})
        before = api_targets(client)

    targets = api_targets(client)

    assert (before["T1"]["value"], before["T3"]["value"]) == (None, None)
    assert (targets["T1"]["value_source"], targets["T3"]["value_source"]) == ("computed",) * 2
    assert Decimal(str(targets["T1"]["value"])) == 1
    assert Decimal(str(targets["T3"]["value"])) == 100
    assert targets["T1"]["status"] == targets["T3"]["status"] == TargetStatus.ACHIEVED


def test_the_api_gives_values_even_before_anything_is_published(client, plan, sections, today):
    today()

    targets = api_targets(client)

    for code in ("T1", "T3"):
        assert targets[code]["value_source"] == "computed"
        assert Decimal(str(targets[code]["value"])) == 0
        assert targets[code]["status"] == TargetStatus.AT_RISK


def test_the_dashboard_shows_t1_and_t3_from_the_portal(
    client, make_user, units, plan, articles_of_every_unit, today, django_assert_max_num_queries
):
    client.force_login(make_user("leader", unit=units["LĐS"]))
    today()

    # 50 today: the plans tests' 37 without the portal, plus a fixed dozen for T1, T3 and the
    # articles as task evidence. One query per article or per unit would break it.
    with django_assert_max_num_queries(55):
        html = client.get(reverse("plans_dashboard")).content.decode()

    rows = table_rows(html)
    assert rows["T1"][4].endswith("1/1")
    assert rows["T3"][4] == "100% 3/3"
    assert rows["T1"][5] == rows["T3"][5] == TargetStatus.ACHIEVED.label
