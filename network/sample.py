"""The sample layer: fictional people, a meeting, registrations, progress
updates, newsletter issues and subscriptions laid over the real facts so that
a newcomer can try every workflow (``load_demo --sample``), and removed exactly
(``remove_sample``).

Each app makes its own sample rows (``<app>.sample.load_sample``, floor by
floor) and marks every one with a SampleRecord; removal needs no app's code:
it deletes the marked rows, newest first, with their history.
"""

import importlib

from django.db import transaction
from django.utils.functional import SimpleLazyObject

from network.core.caching import cached_while_table_stands
from network.models import SampleRecord

# Floor by floor (docs/design.md, Layout): people before the meetings they register for.
SAMPLE_MODULES = ["focalpoints.sample", "meetings.sample", "newsletters.sample"]
FLAG_KEY = "sample-layer-present"


def sample_layer_present():
    """Whether any sample row exists, kept until a sample row is written: the
    site-wide notice costs a cache read, not a query, on each page, also
    after someone's save elsewhere."""
    return cached_while_table_stands(
        FLAG_KEY, SampleRecord._meta.db_table, lambda: SampleRecord.objects.exists()
    )


def sample_ids(model):
    """The ids of ``model``'s sample rows (each page marks them "sample"),
    kept until a sample record is written: no query of their own on a page,
    also after someone's save elsewhere."""
    return cached_while_table_stands(
        f"sample-ids:{model._meta.label_lower}",
        SampleRecord._meta.db_table,
        lambda: frozenset(SampleRecord.objects.ids_of(model).values_list("object_id", flat=True)),
    )


def sample_notice(request):
    """Context processor: ``sample_layer`` says whether the site-wide "sample
    data" notice shows; lazy, so a page that never asks costs nothing."""
    return {"sample_layer": SimpleLazyObject(sample_layer_present)}


@transaction.atomic
def load_sample():
    """Add every app's sample rows (each app skips rows it already made)."""
    return [importlib.import_module(name).load_sample() for name in SAMPLE_MODULES]


@transaction.atomic
def remove_sample():
    """Delete every marked row, newest first (a registration before its
    meeting, a post before its person), with its history; returns how many
    rows of each model went. Real rows are never touched."""
    removed = {}
    for record in SampleRecord.objects.select_related("content_type").order_by("-pk"):
        model = record.content_type.model_class()
        row = model._default_manager.filter(pk=record.object_id).first()
        if row is not None:
            row.delete()
            label = model._meta.label
            removed[label] = removed.get(label, 0) + 1
        history = getattr(model, "history", None)
        if history is not None:
            history.filter(**{model._meta.pk.attname: record.object_id}).delete()
        record.delete()
    return removed
