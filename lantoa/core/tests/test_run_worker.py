"""`manage.py run_worker`: runs the queue, beats for /healthz, enqueues due recurring jobs."""

import signal
import threading

import pytest
from django.core.management import call_command
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from lantoa.core import scheduling
from lantoa.core.management.commands import run_worker
from lantoa.core.models import RecurringJobState, WorkerHeartbeat
from lantoa.core.tasks import prune_task_results

# The heartbeat thread writes on its own connection, so it cannot share the transaction of the
# `db` fixture: these tests commit. `available_apps` keeps the flush afterwards to the worker's
# own tables, so the rest of the database (roles, Wagtail's root page) stays as migrated.
pytestmark = pytest.mark.django_db(
    transaction=True, available_apps=["lantoa.core", "django_tasks_db"]
)


@pytest.fixture(autouse=True)
def database_tasks(settings):
    """The worker serves the database queue; the test settings otherwise run tasks inline."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def core_jobs_only(monkeypatch):
    """Only core's own recurring job, so other apps' jobs cannot write outside the flush."""
    monkeypatch.setattr(
        scheduling,
        "_registry",
        {name: job for name, job in scheduling._registry.items() if name.startswith("core.")},
    )


@pytest.fixture(autouse=True)
def signal_handlers():
    """The worker installs its own SIGINT/SIGTERM handlers; give pytest its own back."""
    signals = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
    saved = {sig: signal.getsignal(sig) for sig in signals}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


@pytest.fixture(autouse=True)
def heartbeat_first(monkeypatch):
    """Start the queue loop only after the heartbeat thread's first round.

    run_worker starts both at once and relies on the loop's random start-up delay for the
    first round to land first. On the test database (SQLite in memory, shared cache) two
    connections writing at the same moment fail with "table is locked" instead of waiting,
    so the test makes the order certain rather than likely.
    """
    first_round = threading.Event()
    enqueue_due = run_worker.recurring_jobs_enqueue_due
    worker_run = Worker.run

    def enqueue_due_then_signal(*, now):
        try:
            return enqueue_due(now=now)
        finally:
            first_round.set()

    def run_after_first_round(self):
        assert first_round.wait(timeout=10), "the heartbeat thread never completed a round"
        first_round.clear()  # the next run waits for its own thread
        worker_run(self)

    monkeypatch.setattr(run_worker, "recurring_jobs_enqueue_due", enqueue_due_then_signal)
    monkeypatch.setattr(Worker, "run", run_after_first_round)


def _run_batch() -> None:
    call_command(
        "run_worker", "--batch", "--no-startup-delay", "--worker-id=test-worker", verbosity=0
    )


def test_a_batch_run_beats_then_records_that_it_stopped():
    _run_batch()

    heartbeat = WorkerHeartbeat.objects.get()
    assert heartbeat.worker_id == "test-worker"
    assert heartbeat.stopped_at is not None
    assert heartbeat.stopped_at >= heartbeat.last_seen_at


def test_a_batch_run_enqueues_and_runs_the_due_recurring_jobs():
    _run_batch()

    state = RecurringJobState.objects.get(name="core.prune_task_results")
    assert state.last_enqueued_at is not None
    assert state.next_run_at > state.last_enqueued_at
    job = DBTaskResult.objects.get(task_path="lantoa.core.tasks.prune_task_results")
    assert job.status == "SUCCESSFUL"


def test_a_batch_run_runs_queued_tasks_and_skips_jobs_not_due():
    queued = prune_task_results.enqueue()
    _run_batch()
    _run_batch()  # a second run soon after: the recurring job is not due again

    assert DBTaskResult.objects.get(id=queued.id).status == "SUCCESSFUL"
    pruning_runs = DBTaskResult.objects.filter(task_path="lantoa.core.tasks.prune_task_results")
    assert pruning_runs.count() == 2  # the queued one and one recurring run
    assert RecurringJobState.objects.get(name="core.prune_task_results").last_enqueued_at
