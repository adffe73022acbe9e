"""Recurring background jobs, scheduled by the worker itself so no cron entry is needed.

An app registers its jobs in its AppConfig.ready():

    register_recurring_job(name="reporting.send_reminders", task=send_reminders,
                           every=timedelta(hours=1))

The worker (`manage.py run_worker`) enqueues each job when it falls due. Several workers may
run at once: claiming a due job is one conditional UPDATE, so each run is enqueued once.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError
from django_tasks.base import Task

from lantoa.core.models import RecurringJobState


@dataclass(frozen=True)
class RecurringJob:
    name: str
    task: Task
    every: timedelta


_registry: dict[str, RecurringJob] = {}


def register_recurring_job(*, name: str, task: Task, every: timedelta) -> RecurringJob:
    if every <= timedelta(0):
        raise ValueError(f"Recurring job {name!r} needs a positive interval")
    job = RecurringJob(name=name, task=task, every=every)
    _registry[name] = job
    return job


def recurring_jobs() -> list[RecurringJob]:
    return sorted(_registry.values(), key=lambda job: job.name)


def recurring_jobs_enqueue_due(*, now: datetime) -> list[str]:
    """Enqueue every registered job whose time has come; return the names enqueued."""
    enqueued = []
    for job in recurring_jobs():
        try:
            RecurringJobState.objects.get_or_create(name=job.name, defaults={"next_run_at": now})
        except IntegrityError:
            pass  # another worker created it a moment ago
        claimed = RecurringJobState.objects.filter(name=job.name, next_run_at__lte=now).update(
            next_run_at=now + job.every, last_enqueued_at=now
        )
        if claimed:
            job.task.enqueue()
            enqueued.append(job.name)
    return enqueued
