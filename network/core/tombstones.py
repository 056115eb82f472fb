"""Tombstones for incremental sync (docs/api.md, "Sync"): a row deleted, or
one that leaves the public view, is recorded as (resource, id, when, why) so
that ``/api/v1/deletions/?since=`` tells a partner's mirror to drop it.

Models are named by label, never imported: this module is imported by the
network app's ready() and must not reach up into the other apps (and
``network.models`` is looked up through the app registry for the same
reason, tests/test_layout.py).
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_save, pre_save

#: Model label → the API resource partners read it from. Registrations and
#: subscriptions are absent: partners never see them, so never mirror them.
RESOURCES = {
    "network.Member": "members",
    "network.Region": "regions",
    "network.Theme": "themes",
    "network.Organisation": "organisations",
    "network.ActionPlan": "action-plans",
    "focalpoints.Person": "people",
    "focalpoints.Appointment": "appointments",
    "meetings.Meeting": "meetings",
    "meetings.Session": "sessions",
    "meetings.Commitment": "commitments",
    "meetings.CommitmentUpdate": "commitment-updates",
    "newsletters.Entry": "entries",
    "newsletters.Issue": "newsletter-issues",
}

#: Model label → (the field that makes a row public, the value it then has,
#: and the related rows — resource, reverse accessor — that leave the public
#: view with it). A person who withdraws consent takes their posts out of the
#: public view; an entry is public only while its status is "published".
PUBLIC_FLAGS = {
    "focalpoints.Person": ("public_listing", True, [("appointments", "appointments")]),
    "newsletters.Entry": ("status", "published", []),
}


def record(resource, object_ids, reason):
    """Write one tombstone per id (in the caller's transaction: a delete that
    is rolled back leaves none)."""
    Tombstone = apps.get_model("network", "Tombstone")
    Tombstone.objects.bulk_create(
        [Tombstone(resource=resource, object_id=pk, reason=reason) for pk in object_ids]
    )


def _deleted(sender, instance, **kwargs):
    resource = RESOURCES.get(sender._meta.label)
    if resource and instance.pk is not None:
        record(resource, [instance.pk], "deleted")


def _remember_public_flag(sender, instance, raw=False, **kwargs):
    flag = PUBLIC_FLAGS.get(sender._meta.label)
    if flag is None or raw or instance.pk is None:
        return
    field, public, _dependents = flag
    was = sender._default_manager.filter(pk=instance.pk).values_list(field, flat=True).first()
    instance._tombstone_was_public = was == public


def _left_public_view(sender, instance, created=False, raw=False, **kwargs):
    flag = PUBLIC_FLAGS.get(sender._meta.label)
    if flag is None or raw or created:
        return
    field, public, dependents = flag
    if getattr(instance, "_tombstone_was_public", False) and getattr(instance, field) != public:
        record(RESOURCES[sender._meta.label], [instance.pk], "withdrawn")
        for resource, accessor in dependents:
            ids = getattr(instance, accessor).values_list("pk", flat=True)
            record(resource, list(ids), "withdrawn")
    instance._tombstone_was_public = getattr(instance, field) == public


def connect():
    """Connect the receivers (network.apps.NetworkConfig.ready)."""
    post_delete.connect(_deleted, dispatch_uid="tombstone-deleted")
    pre_save.connect(_remember_public_flag, dispatch_uid="tombstone-remember-public")
    post_save.connect(_left_public_view, dispatch_uid="tombstone-left-public")
