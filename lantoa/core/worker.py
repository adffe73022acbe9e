"""Worker liveness: the heartbeat the worker writes and the check /healthz reads."""

import os
import socket
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from lantoa.core.models import WorkerHeartbeat


def worker_heartbeat_beat(*, worker_id: str) -> WorkerHeartbeat:
    heartbeat, _ = WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "last_seen_at": timezone.now(),
            "stopped_at": None,
        },
    )
    return heartbeat


def worker_heartbeat_stop(*, worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).update(stopped_at=timezone.now())


def worker_heartbeat_latest_alive() -> WorkerHeartbeat | None:
    """The most recent heartbeat of a worker that is still running, or None."""
    fresh_since = timezone.now() - timedelta(seconds=settings.WORKER_STALE_SECONDS)
    return (
        WorkerHeartbeat.objects.filter(stopped_at__isnull=True, last_seen_at__gte=fresh_since)
        .order_by("-last_seen_at")
        .first()
    )
