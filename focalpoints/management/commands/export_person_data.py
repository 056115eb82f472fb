"""``manage.py export_person_data ID``: everything held about one person, as JSON."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from focalpoints.models import Person
from network.core import privacy


class Command(BaseCommand):
    help = (
        "Write everything the system holds about one person (their record, posts, "
        "account, registrations, roles in agendas, commitment updates they wrote, "
        "subscriptions, deliveries and every history row of these) as JSON. "
        "The export is logged."
    )

    def add_arguments(self, parser):
        parser.add_argument("person_id", type=int, help="The person's id (as in the admin).")
        parser.add_argument("--output", "-o", help="Write to this file instead of standard output.")

    def handle(self, *args, person_id, output=None, **options):
        person = Person.objects.filter(pk=person_id).first()
        if person is None:
            raise CommandError(f"No person has the id {person_id}.")
        text = privacy.person_data_json(privacy.export_person_data(person, surface="command"))
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
            self.stderr.write(f"Wrote the data of person #{person_id} to {output}.")
        else:
            self.stdout.write(text)
