"""What /healthz reports: the database answers and a worker is alive."""

from django.db import DatabaseError, connection

from lantoa.core.worker import worker_heartbeat_latest_alive


def health_report() -> dict:
    report: dict = {"database": {"ok": False}, "worker": {"ok": False}}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        report["database"] = {"ok": True, "vendor": connection.vendor}
    except DatabaseError as error:
        report["database"] = {"ok": False, "error": error.__class__.__name__}
        report["ok"] = False
        return report

    heartbeat = worker_heartbeat_latest_alive()
    if heartbeat is not None:
        report["worker"] = {"ok": True, "last_seen_at": heartbeat.last_seen_at.isoformat()}
    report["ok"] = report["database"]["ok"] and report["worker"]["ok"]
    return report
