"""The health endpoint for load balancers and monitors (``/health/``).

It answers 200 when the database answers, 503 when it does not, and reports
the background task queue: how many tasks wait, how long the oldest has
waited, how many run. A queue whose oldest ready task waited longer than
HEALTH_QUEUE_STALE_SECONDS is "degraded" (the workers are down or behind);
``?strict=1`` turns that into a 503 for monitors that should page someone.
It holds no personal data and needs no login.
"""

import datetime
import time

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _check_database():
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {
        "status": "ok",
        "vendor": connection.vendor,
        "latency_ms": round((time.perf_counter() - started) * 1000, 2),
    }


def stale_after_seconds():
    """How long a ready task may wait before the queue counts as behind."""
    return getattr(settings, "HEALTH_QUEUE_STALE_SECONDS", 300)


def tasks_waiting_too_long(now=None):
    """Ready tasks enqueued longer ago than HEALTH_QUEUE_STALE_SECONDS: the
    workers are down or behind (the dashboard counts them, /health/ reports
    the oldest)."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=stale_after_seconds())
    return DBTaskResult.objects.ready().filter(enqueued_at__lt=cutoff)


def tasks_failed_recently(now=None, days=7):
    """Tasks that failed in the last ``days`` days; older failures are history."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    return DBTaskResult.objects.failed().filter(
        finished_at__gte=now - datetime.timedelta(days=days)
    )


def _check_task_queue():
    from django_tasks_db.models import DBTaskResult

    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    waited = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    stale_after = stale_after_seconds()
    return {
        "status": "degraded" if waited > stale_after else "ok",
        "ready": ready.count(),
        "running": DBTaskResult.objects.running().count(),
        "oldest_ready_seconds": round(waited, 1),
    }


@never_cache
@require_GET
def health(request):
    """Database and task queue status as JSON."""
    checks = {}
    try:
        checks["database"] = _check_database()
        checks["task_queue"] = _check_task_queue()
    except DatabaseError as error:
        checks["database"] = {"status": "error", "error": error.__class__.__name__}
        # A broken connection must not stay in the pool for the next request.
        connection.close_if_unusable_or_obsolete()
        return JsonResponse({"status": "error", "checks": checks}, status=503)
    degraded = checks["task_queue"]["status"] != "ok"
    status = "degraded" if degraded else "ok"
    strict = request.GET.get("strict") in {"1", "true", "yes"}
    return JsonResponse(
        {"status": status, "checks": checks}, status=503 if (degraded and strict) else 200
    )
