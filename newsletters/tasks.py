"""Background work of the newsletters (django.tasks; run by ``manage.py db_worker``).

Each task is defined beside the service it runs (newsletters/services/), so that
services enqueue their own continuations without importing back up. This module
keeps the tasks' historical paths (``newsletters.tasks.send_issue`` …): rows
queued under them before the move still resolve.
"""

from newsletters.services.sending import send_issue
from newsletters.services.subscriptions import (
    delete_unconfirmed_subscriptions_task as delete_unconfirmed_subscriptions,
)
from newsletters.services.subscriptions import send_subscription_email

__all__ = ["delete_unconfirmed_subscriptions", "send_issue", "send_subscription_email"]
