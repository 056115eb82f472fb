"""Enqueue the continuation of every newsletter send a dead worker left behind."""

from django.core.management.base import BaseCommand

from newsletters import services
from newsletters.services.messages import resume_message_sends


class Command(BaseCommand):
    help = (
        "Enqueue a send task for every issue (and message to an audience) that is sending, "
        "or scheduled and due, and has none waiting. Run it before starting workers (a killed "
        "worker's task stays RUNNING "
        "in django-tasks-db and is never picked up again) and on a timer; it is safe to run "
        "at any time."
    )

    def handle(self, *args, **options):
        resumed = services.resume_sends()
        for issue in resumed:
            self.stdout.write(f"Resumed: {issue} ({issue.status})")
        for message in resume_message_sends():
            resumed.append(message)
            self.stdout.write(f"Resumed: message to an audience {message.pk} ({message.status})")
        if not resumed:
            self.stdout.write("Nothing to resume.")
