"""Background work of the meetings app: emails about registrations."""

from django.tasks import task

from . import emails


@task()
def send_registration_email(registration_id, what):
    """Send the email about a registration off the request (see meetings.emails)."""
    return emails.send_registration_email(registration_id, what)
