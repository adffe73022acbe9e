"""Scheduled publishing run by the worker (no cron), times in Vietnam time, and the admin home's
warning when the worker is down."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.models import PageLogEntry

from lantoa.core.scheduling import recurring_jobs, recurring_jobs_enqueue_due
from lantoa.core.worker import worker_heartbeat_beat
from lantoa.portal.models import ArticlePage
from lantoa.portal.tests.test_workflow import MONDAY, portal_build, staff_user, workflow_ready

pytestmark = pytest.mark.django_db

HOME = reverse("wagtailadmin_home")


def worker_down_warning() -> str:
    return gettext(
        "The background worker is not running: scheduled pages will not be published or "
        "unpublished, and review reminders are not sent, until it is started again."
    )


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(MONDAY, tick=False)


@pytest.fixture(autouse=True)
def portal_jobs(db, monkeypatch):
    """A job registry holding only the portal's jobs, as portal_workflow_ready registers them."""
    workflow_ready(monkeypatch, registry={})
    return {job.name: job for job in recurring_jobs()}


@pytest.fixture
def section(db):
    return portal_build().get_children().get(slug="nghi-quyet-57")


@pytest.fixture
def leader(section, make_user):
    return staff_user(make_user, "leader", "LĐS", head=True)


@pytest.fixture
def editor(section, make_user):
    return make_user("editor")


def scheduled_article(section, leader, *, go_live_at, expire_at=None) -> ArticlePage:
    page = ArticlePage(title="Hội thảo chuyển đổi số", slug="hoi-thao", lead="Tóm tắt.", live=False)
    section.add_child(instance=page)
    page.go_live_at = go_live_at
    page.expire_at = expire_at
    page.save_revision(user=leader).publish(user=leader)
    page.refresh_from_db()
    return page


def test_publishing_runs_within_a_minute_and_reminders_every_hour(portal_jobs):
    assert portal_jobs["portal.publish_scheduled"].every <= timedelta(minutes=1)
    assert portal_jobs["portal.review_reminders"].every == timedelta(hours=1)


def test_the_worker_publishes_and_unpublishes_pages_on_time(
    portal_jobs, section, leader, time_machine
):
    go_live_at = MONDAY + timedelta(minutes=30)
    page = scheduled_article(
        section, leader, go_live_at=go_live_at, expire_at=go_live_at + timedelta(days=1)
    )
    assert not page.live

    recurring_jobs_enqueue_due(now=timezone.now())  # before the time: nothing happens
    page.refresh_from_db()
    assert not page.live

    time_machine.move_to(go_live_at + timedelta(seconds=1), tick=False)
    assert "portal.publish_scheduled" in recurring_jobs_enqueue_due(now=timezone.now())
    page.refresh_from_db()
    assert page.live
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish.scheduled").exists()

    time_machine.move_to(go_live_at + timedelta(days=1, seconds=1), tick=False)
    recurring_jobs_enqueue_due(now=timezone.now())
    page.refresh_from_db()
    assert not page.live
    assert page.expired
    assert PageLogEntry.objects.filter(page=page, action="wagtail.unpublish.scheduled").exists()


def test_the_admin_home_lists_scheduled_times_in_vietnam_time(client, section, leader, editor):
    scheduled_article(section, leader, go_live_at=MONDAY + timedelta(hours=2))
    client.force_login(editor)

    html = client.get(HOME).content.decode()

    assert "Hội thảo chuyển đổi số" in html
    assert "01/12/2025 11:30" in html


def test_the_admin_home_warns_editors_when_the_worker_is_down(client, editor):
    client.force_login(editor)

    assert worker_down_warning() in client.get(HOME).content.decode()

    worker_heartbeat_beat(worker_id="worker-1")
    assert worker_down_warning() not in client.get(HOME).content.decode()


def test_staff_who_do_not_edit_pages_see_no_warning(client, section, make_user):
    client.force_login(make_user("office"))

    assert worker_down_warning() not in client.get(HOME).content.decode()
