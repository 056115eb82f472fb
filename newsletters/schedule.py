"""The newsletters' jobs on the schedule (network.core.scheduling): the daily
retention run and the resumption of sends a killed worker left behind."""

from network.core.scheduling import scheduled
from newsletters.services.messages import resume_message_sends_task
from newsletters.services.sending import resume_sends_task
from newsletters.services.subscriptions import delete_unconfirmed_subscriptions_task

retention = scheduled("retention", "17 3 * * *")(delete_unconfirmed_subscriptions_task)
resume = scheduled("resume", "*/5 * * * *")(resume_sends_task)
# Messages to an audience a killed worker left behind: the same switch.
resume_messages = scheduled("resume", "*/5 * * * *")(resume_message_sends_task)
