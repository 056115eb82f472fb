"""Recompute people's search text without their email address (the public may
search listed people, and a search must not confirm a guessed address)."""

from django.db import migrations

from network.core.search import normalise


def recompute(apps, schema_editor):
    Person = apps.get_model("focalpoints", "Person")
    people = Person.objects.prefetch_related(
        "appointments__member", "appointments__organisation", "expertise"
    )
    changed = []
    for person in people.iterator(chunk_size=2000):
        parts = [person.given_name, person.family_name]
        for appointment in person.appointments.all():
            parts += [
                appointment.member.name if appointment.member else "",
                appointment.member.acronym if appointment.member else "",
                appointment.organisation.name if appointment.organisation else "",
                appointment.position,
            ]
        parts += [theme.name for theme in person.expertise.all()]
        text = normalise(*parts)
        if text != person.search_text:
            person.search_text = text
            changed.append(person)
        if len(changed) >= 2000:
            Person.objects.bulk_update(changed, ["search_text"])
            changed = []
    Person.objects.bulk_update(changed, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("focalpoints", "0003_person_name_order")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
