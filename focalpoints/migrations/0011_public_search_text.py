"""People's public search text: the search text less expertise, which the
public's searches (API and directory) compare with, as members' searches do
with the whole search text, through a trigram index: ignoring accents, and
without scanning every post (Person.build_search_texts)."""

from django.db import migrations, models
from django.db.models import Prefetch

from network.core.migration_operations import trigram_index, trigram_index_updated_in_place
from network.core.search import normalise


def fill_public_search_text(apps, schema_editor):
    """What Person.build_search_texts gives for the public, for every person."""
    person_model = apps.get_model("focalpoints", "Person")
    appointment_model = apps.get_model("focalpoints", "Appointment")
    posts = Prefetch(
        "appointments", queryset=appointment_model.objects.select_related("member", "organisation")
    )
    changed = []
    for person in person_model.objects.prefetch_related(posts).iterator(chunk_size=1000):
        parts = [person.given_name, person.family_name]
        for post in person.appointments.all():
            parts += [
                post.member.name if post.member else "",
                post.member.acronym if post.member else "",
                post.organisation.name if post.organisation else "",
                post.position,
            ]
        person.public_search_text = normalise(*parts)
        changed.append(person)
    person_model.objects.bulk_update(changed, ["public_search_text"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("focalpoints", "0010_search_index_updated_in_place")]

    operations = [
        migrations.AddField(
            model_name="person",
            name="public_search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_public_search_text, migrations.RunPython.noop),
        trigram_index("focalpoints_person", "public_search_text"),
        trigram_index_updated_in_place("focalpoints_person", "public_search_text"),
    ]
