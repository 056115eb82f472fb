"""django-tasks-db's worker, which also runs the schedule of recurring jobs
(network.core.scheduling) in a thread, so that `make run` and production start
one process for both. ``--no-scheduler`` (or SCHEDULER_IN_WORKER=0) leaves the
schedule to another worker; ``--batch`` runs never start it."""

from django.conf import settings
from django_tasks_db.management.commands.db_worker import Command as WorkerCommand

from network.core import scheduling


class Command(WorkerCommand):
    help = "Run a database background worker and the schedule of recurring jobs"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="Do not run the schedule of recurring jobs in this worker.",
        )

    def handle(self, *args, no_scheduler=False, **options):
        if settings.SCHEDULER_IN_WORKER and not no_scheduler and not options.get("batch"):
            scheduling.start_in_background()
        return super().handle(*args, **options)
