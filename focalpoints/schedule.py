"""The directory's jobs on the schedule (network.core.scheduling)."""

from django.tasks import task

from network.core.scheduling import scheduled

from . import verification


@scheduled("verification", "0 6 * * *")
@task()
def verification_round():
    """Daily: ask the entries due to confirm their details, remind the unanswered."""
    return {
        "asked": verification.request_due_verifications(),
        "reminded": verification.remind_unanswered_verifications(),
    }
