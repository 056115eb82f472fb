"""``manage.py erase_person ID``: anonymise one person (data protection)."""

from django.core.management.base import BaseCommand, CommandError

from focalpoints.models import Person
from network.core import privacy


class Command(BaseCommand):
    help = (
        "Erase a person: anonymise their record, posts, registrations, subscriptions, "
        "account and history, keeping the network's statistics (see docs/security.md). "
        "Cannot be undone."
    )

    def add_arguments(self, parser):
        parser.add_argument("person_id", type=int, help="The person's id (as in the admin).")
        parser.add_argument("--no-input", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, person_id, no_input=False, **options):
        person = Person.objects.filter(pk=person_id).first()
        if person is None:
            raise CommandError(f"No person has the id {person_id}.")
        if not no_input:
            answer = input(
                f"Erase {person.full_name} (#{person.pk})? This cannot be undone. [y/N] "
            )
            if answer.strip().lower() not in {"y", "yes"}:
                raise CommandError("Nothing erased.")
        report = privacy.erase_person(person)
        summary = ", ".join(f"{label}: {count}" for label, count in sorted(report.items()))
        self.stdout.write(self.style.SUCCESS(f"Person #{person_id} erased ({summary})."))
