"""The health endpoint tells load balancers whether the app can serve."""

import datetime

import pytest
from django.db import DatabaseError
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_health_reports_database_and_empty_queue(client):
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["task_queue"] == {
        "status": "ok",
        "ready": 0,
        "running": 0,
        "oldest_ready_seconds": 0.0,
    }
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_stale_queue_is_degraded_and_fails_strict_checks(client, settings):
    from django_tasks_db.models import DBTaskResult

    settings.HEALTH_QUEUE_STALE_SECONDS = 60
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="network.core.health.health",
        backend_name="default",
        run_after=timezone.now() - datetime.timedelta(hours=1),
    )
    DBTaskResult.objects.filter(pk=task.pk).update(
        enqueued_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert client.get("/health/").json()["status"] == "degraded"
    assert client.get("/health/").status_code == 200
    assert client.get("/health/?strict=1").status_code == 503


def test_database_failure_answers_503(client, monkeypatch):
    from network.core import health

    def broken():
        raise DatabaseError("connection refused")

    monkeypatch.setattr(health, "_check_database", broken)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {
        "status": "error",
        "error": "DatabaseError",
    }
