import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from lantoa.core.scheduling import recurring_jobs_enqueue_due
from lantoa.core.worker import worker_heartbeat_beat, worker_heartbeat_stop

logger = logging.getLogger(__name__)


class Command(DbWorkerCommand):
    help = (
        "Run the background worker: executes queued tasks, writes a heartbeat for /healthz and "
        "enqueues the registered recurring jobs when they fall due."
    )

    def handle(self, *args, **options) -> None:
        worker_id = options["worker_id"]
        # One round before the queue loop starts, so /healthz sees the worker at once and jobs
        # that fell due while no worker ran are queued before a --batch run drains the queue.
        self._beat_and_schedule(worker_id)
        stop = threading.Event()
        keeper = threading.Thread(
            target=self._keep_time, args=(worker_id, stop), name="heartbeat", daemon=True
        )
        keeper.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
            keeper.join(timeout=5)
            close_old_connections()
            worker_heartbeat_stop(worker_id=worker_id)
            logger.info("Worker %s stopped", worker_id)

    def _keep_time(self, worker_id: str, stop: threading.Event) -> None:
        """Beat, then enqueue due recurring jobs, every WORKER_HEARTBEAT_SECONDS."""
        while not stop.wait(settings.WORKER_HEARTBEAT_SECONDS):
            self._beat_and_schedule(worker_id)
            connection.close()

    def _beat_and_schedule(self, worker_id: str) -> None:
        try:
            worker_heartbeat_beat(worker_id=worker_id)
            for name in recurring_jobs_enqueue_due(now=timezone.now()):
                logger.info("Enqueued recurring job %s", name)
        except Exception:  # keep beating: one failed round must not silence the worker
            logger.exception("Heartbeat or scheduling round failed")
