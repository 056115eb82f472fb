"""The meetings app's jobs on the schedule (network.core.scheduling)."""

from django.tasks import task

from network.core.scheduling import scheduled

from . import invitations, reminders


@scheduled("invitations", "*/10 * * * *")
@task()
def resume_invitations():
    """Every ten minutes: send invitations a killed worker left unsent, and the
    reminders due to those who have not answered."""
    return {
        "sent": invitations.send_pending_invitations(),
        "reminded": invitations.send_reminders(),
    }


@scheduled("meetings", "0 7 * * *")
@task()
def meeting_reminders():
    """Daily: a week before a meeting, and registration closing soon."""
    return {
        "week_before": reminders.remind_week_before(),
        "registration_closing": reminders.remind_registration_closing(),
    }


@scheduled("commitments", "0 8 * * Mon")
@task()
def commitment_reminders():
    """Weekly: commitments due soon or past due ask for a progress update."""
    return {"asked": reminders.remind_commitments_due()}
