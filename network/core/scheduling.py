"""The schedule of recurring jobs: django-crontask's cron triggers, run by a
thread of ``manage.py db_worker`` (no second daemon to start or forget).

A scheduled job only enqueues its task at the time its trigger fires; the
worker that hosts the scheduler (or any other) runs it. Every job is written
to be idempotent, so two workers each with a scheduler, or a job run again
by hand, send nothing twice. A job is on the schedule when its name is on in
``SCHEDULED_JOBS`` (read when the app's ``schedule`` module is imported:
each app keeps its jobs there, apart from its tasks, so that a job may call
services that themselves enqueue tasks).
"""

import importlib
import logging
import threading

from django.apps import apps
from django.conf import settings
from django.utils.module_loading import module_has_submodule

logger = logging.getLogger(__name__)


def scheduled(job, schedule):
    """Put a task on the schedule (a crontab line, in TIME_ZONE) when
    ``SCHEDULED_JOBS[job]`` is on; the task stays callable either way."""

    def decorator(task):
        if settings.SCHEDULED_JOBS.get(job, False):
            from crontask import cron

            cron(schedule, sentry_monitor_config=None)(task)
        return task

    return decorator


def load_jobs():
    """Import every app's ``schedule`` module, so that its jobs are on the schedule."""
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "schedule"):
            importlib.import_module(f"{config.name}.schedule")


def scheduled_jobs():
    """The names of the jobs on the schedule (after load_jobs)."""
    from crontask import scheduler

    return sorted(job.name for job in scheduler.get_jobs())


def start_in_background():
    """Start the scheduler in a daemon thread of this process; it ends with
    the process. Returns the thread."""
    from crontask import scheduler

    load_jobs()
    logger.info("Scheduler: %s", ", ".join(scheduled_jobs()) or "no jobs")
    thread = threading.Thread(target=scheduler.start, name="scheduler", daemon=True)
    thread.start()
    return thread
