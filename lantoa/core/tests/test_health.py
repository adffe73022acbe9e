"""/healthz: what a load balancer, a monitor or `make run` sees."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from lantoa.core.models import WorkerHeartbeat
from lantoa.core.worker import worker_heartbeat_beat, worker_heartbeat_stop

pytestmark = pytest.mark.django_db


def _beat(*, worker_id: str = "worker-1", seconds_ago: float = 0) -> WorkerHeartbeat:
    heartbeat = worker_heartbeat_beat(worker_id=worker_id)
    if seconds_ago:
        heartbeat.last_seen_at = timezone.now() - timedelta(seconds=seconds_ago)
        heartbeat.save(update_fields=["last_seen_at"])
    return heartbeat


def test_healthy_with_a_fresh_heartbeat(client):
    heartbeat = _beat()

    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    assert response.json() == {
        "ok": True,
        "database": {"ok": True, "vendor": connection.vendor},
        "worker": {"ok": True, "last_seen_at": heartbeat.last_seen_at.isoformat()},
    }


def test_unhealthy_without_any_heartbeat(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json() == {
        "ok": False,
        "database": {"ok": True, "vendor": connection.vendor},
        "worker": {"ok": False},
    }


def test_unhealthy_when_the_heartbeat_is_stale(client):
    _beat(seconds_ago=settings.WORKER_STALE_SECONDS + 1)

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["worker"] == {"ok": False}


def test_unhealthy_when_the_worker_stopped(client):
    _beat()
    worker_heartbeat_stop(worker_id="worker-1")

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["ok"] is False


def test_one_live_worker_is_enough(client):
    _beat(worker_id="old", seconds_ago=settings.WORKER_STALE_SECONDS * 10)
    _beat(worker_id="stopped")
    worker_heartbeat_stop(worker_id="stopped")
    alive = _beat(worker_id="alive", seconds_ago=5)

    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json()["worker"]["last_seen_at"] == alive.last_seen_at.isoformat()


def test_a_heartbeat_turns_stale_with_time(client, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    _beat()
    assert client.get(reverse("healthz")).status_code == 200

    time_machine.shift(timedelta(seconds=settings.WORKER_STALE_SECONDS + 1))

    assert client.get(reverse("healthz")).status_code == 503


def test_only_get_is_allowed(client):
    assert client.post(reverse("healthz")).status_code == 405
