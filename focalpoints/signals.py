"""Keep derived data true when related rows change outside a model's save()."""

from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from network.core.archive import archive_restored
from network.core.search import search_refresh_suspended

from .models import Person


@receiver(m2m_changed, sender=Person.expertise.through)
def refresh_search_text_after_expertise_change(sender, instance, action, reverse, **kwargs):
    # The directory search covers expertise, which the admin and forms save
    # after the person row itself.
    if search_refresh_suspended():
        return
    if action in {"post_add", "post_remove", "post_clear"}:
        people = [instance] if not reverse else Person.objects.filter(pk__in=kwargs["pk_set"] or [])
        for person in people:
            person.refresh_search_text()


@receiver(archive_restored)
def fill_search_texts_missing_from_an_older_archive(sender, **kwargs):
    # An archive from before the public search text existed restores it
    # blank: the public would not find those people until their next save.
    for person in Person.objects.filter(public_search_text="").exclude(search_text=""):
        person.refresh_search_text()
