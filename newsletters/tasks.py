"""Background work of the newsletters: sending issues and subscription emails
(django.tasks; run by ``manage.py db_worker``)."""

from django.tasks import task

from . import services


@task(queue_name="newsletters")
def send_issue(issue_id):
    """Send an issue for one time slice; it enqueues its own continuation."""
    return services.run_send(issue_id)


@task(queue_name="default")
def send_subscription_email(subscription_id, language):
    """Answer a subscription request by email (confirmation link or notice)."""
    return services.answer_subscription_request(subscription_id, language)


@task(queue_name="default")
def delete_unconfirmed_subscriptions():
    """Daily retention: subscriptions never confirmed within 30 days are deleted."""
    return services.delete_unconfirmed_subscriptions()
