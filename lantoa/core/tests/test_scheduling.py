"""Recurring jobs: each falls due on its interval and is enqueued once per run."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django_tasks import task

from lantoa.core import scheduling
from lantoa.core.models import RecurringJobState
from lantoa.core.scheduling import (
    recurring_jobs,
    recurring_jobs_enqueue_due,
    register_recurring_job,
)

pytestmark = pytest.mark.django_db

# The test settings run tasks inline (ImmediateBackend), so a run is a call of the function.
RUNS: list[str] = []

START = datetime(2025, 3, 3, 1, 0, tzinfo=UTC)
EVERY = timedelta(hours=1)


@task()
def record_run() -> None:
    RUNS.append("ran")


@pytest.fixture(autouse=True)
def registry(monkeypatch):
    """An empty registry holding only the test job, so the app's own jobs do not interfere."""
    monkeypatch.setattr(scheduling, "_registry", {})
    RUNS.clear()
    register_recurring_job(name="test.record_run", task=record_run, every=EVERY)


def test_a_new_job_is_due_at_once():
    assert recurring_jobs_enqueue_due(now=START) == ["test.record_run"]

    assert RUNS == ["ran"]
    state = RecurringJobState.objects.get(name="test.record_run")
    assert state.last_enqueued_at == START
    assert state.next_run_at == START + EVERY


def test_two_calls_at_the_same_time_enqueue_once():
    first = recurring_jobs_enqueue_due(now=START)
    second = recurring_jobs_enqueue_due(now=START)

    assert (first, second) == (["test.record_run"], [])
    assert RUNS == ["ran"]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the in-memory SQLite test database refuses concurrent writers instead of waiting",
)
@pytest.mark.django_db(transaction=True, available_apps=["lantoa.core"])
def test_two_workers_at_the_same_moment_enqueue_once():
    """Each thread has its own connection, as two worker processes would."""
    start_together = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            start_together.wait(timeout=10)
            results.append(recurring_jobs_enqueue_due(now=START))
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(results) == [[], ["test.record_run"]]
    assert RUNS == ["ran"]


def test_not_again_before_its_interval():
    recurring_jobs_enqueue_due(now=START)

    assert recurring_jobs_enqueue_due(now=START + EVERY - timedelta(seconds=1)) == []
    assert RUNS == ["ran"]


def test_again_once_its_interval_has_passed():
    recurring_jobs_enqueue_due(now=START)

    assert recurring_jobs_enqueue_due(now=START + EVERY) == ["test.record_run"]
    assert recurring_jobs_enqueue_due(now=START + EVERY + timedelta(minutes=5)) == []
    assert RUNS == ["ran", "ran"]
    assert RecurringJobState.objects.get().next_run_at == START + 2 * EVERY


def test_a_missed_run_is_enqueued_once_not_caught_up():
    """A worker that was down for a day runs the job once, not 24 times."""
    recurring_jobs_enqueue_due(now=START)

    assert recurring_jobs_enqueue_due(now=START + 24 * EVERY) == ["test.record_run"]
    assert recurring_jobs_enqueue_due(now=START + 24 * EVERY) == []
    assert RUNS == ["ran", "ran"]


def test_with_the_clock_frozen(time_machine):
    """The worker passes timezone.now(); the same rules hold on the real clock."""
    from django.utils import timezone

    time_machine.move_to(START, tick=False)
    assert recurring_jobs_enqueue_due(now=timezone.now()) == ["test.record_run"]
    time_machine.shift(EVERY / 2)
    assert recurring_jobs_enqueue_due(now=timezone.now()) == []
    time_machine.shift(EVERY / 2)
    assert recurring_jobs_enqueue_due(now=timezone.now()) == ["test.record_run"]


def test_each_job_keeps_its_own_schedule():
    register_recurring_job(name="test.daily", task=record_run, every=timedelta(days=1))

    assert recurring_jobs_enqueue_due(now=START) == ["test.daily", "test.record_run"]
    assert recurring_jobs_enqueue_due(now=START + EVERY) == ["test.record_run"]
    assert recurring_jobs_enqueue_due(now=START + timedelta(days=1)) == [
        "test.daily",
        "test.record_run",
    ]


def test_an_interval_must_be_positive():
    with pytest.raises(ValueError, match="positive interval"):
        register_recurring_job(name="test.never", task=record_run, every=timedelta(0))
    assert [job.name for job in recurring_jobs()] == ["test.record_run"]


def test_the_app_registers_its_housekeeping_job(monkeypatch):
    monkeypatch.undo()  # the real registry, as filled by CoreConfig.ready()

    assert "core.prune_task_results" in [job.name for job in recurring_jobs()]
