"""Create (or refresh) the accounts a newcomer logs in with after `make run`."""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from focalpoints.models import Appointment, Person
from network.models import SampleRecord

PASSWORD_FILE = Path(settings.BASE_DIR) / ".local" / "demo-password"
STAFF_EMAIL = "admin@example.org"
MEMBER_EMAIL = "member@example.org"
# The demo member account is linked to Spain's sample focal point when the
# sample layer is loaded (a current post, so the members' pages open), else to
# the Spanish delegate the Chair's Summary names (known only as of 2017, so she
# sees what the public sees until her post is confirmed).
MEMBER_PERSON = ("Adela", "Díaz Bernárdez")


class Command(BaseCommand):
    help = (
        "Create the staff account admin@example.org and the member account member@example.org "
        "(linked to a demo person). The password is $ADMIN_PASSWORD, or one generated once, "
        "kept in .local/demo-password and printed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Where the site is served, for the printed links.",
        )

    def handle(self, *args, base_url="http://127.0.0.1:8000", **options):
        base_url = base_url.rstrip("/")
        password = self._password()
        User = get_user_model()
        staff, _ = User.objects.get_or_create(
            email=STAFF_EMAIL, defaults={"is_staff": True, "is_superuser": True}
        )
        staff.is_staff = staff.is_superuser = staff.is_active = True
        staff.set_password(password)
        staff.save()
        lines = [f"  staff:  {STAFF_EMAIL} / {password}   ({base_url}/admin/)"]

        sample_post = (
            Appointment.objects.current()
            .filter(member__country="ES", person__in=SampleRecord.objects.ids_of(Person))
            .order_by("pk")
            .first()
        )
        person = (
            sample_post.person
            if sample_post
            else Person.objects.filter(
                given_name=MEMBER_PERSON[0], family_name=MEMBER_PERSON[1]
            ).first()
        )
        if person is not None:
            member, _ = User.objects.get_or_create(email=MEMBER_EMAIL)
            member.is_active = True
            member.set_password(password)
            member.save()
            if person.user_id != member.pk:
                Person.objects.filter(user=member).exclude(pk=person.pk).update(user=None)
                person.user = member
                person.save(update_fields=["user", "updated_at"])
            lines.append(
                f"  member: {MEMBER_EMAIL} / {password}   ({base_url}/accounts/login/, "
                f"as {person.full_name}{' — a sample person' if sample_post else ''})"
            )
        self.stdout.write("Log in with:\n" + "\n".join(lines))

    def _password(self):
        from_environment = os.environ.get("ADMIN_PASSWORD", "").strip()
        if from_environment:
            return from_environment
        if PASSWORD_FILE.exists():
            return PASSWORD_FILE.read_text().strip()
        password = secrets.token_urlsafe(12)
        PASSWORD_FILE.parent.mkdir(exist_ok=True)
        PASSWORD_FILE.write_text(password + "\n")
        PASSWORD_FILE.chmod(0o600)
        return password
