"""The sample layer's people: one or two fictional focal points and alternates
for each member of the network (``load_demo --sample``; ``remove_sample``).

Names are drawn from fixed lists in a fixed order, so every run makes the same
people; addresses are at example.org (RFC 2606: never a real mailbox). Every
row made here is marked with a SampleRecord.
"""

import datetime

from django.utils import timezone

from network.models import Member, SampleRecord

from .choices import Role
from .models import Appointment, Person

GIVEN = [
    "Amina",
    "Lucía",
    "Ingrid",
    "Thandiwe",
    "Mei",
    "Olena",
    "Sofía",
    "Aisha",
    "Camille",
    "Nadia",
    "Hana",
    "Grace",
    "Leila",
    "Marta",
    "Priya",
    "Zainab",
    "Elena",
    "Fatou",
    "Rosa",
    "Yuki",
    "Abebe",
    "Tomás",
    "Jonas",
    "Kwame",
    "Rahul",
    "Mateo",
    "Omar",
]
FAMILY = [
    "Sample",
    "Example",
    "Placeholder",
    "Testperson",
    "Demo",
    "Fictional",
    "Specimen",
    "Mockwell",
    "Dummett",
    "Stand-In",
]
POSITIONS = [
    "Head of the WPS Unit, Ministry of Foreign Affairs (sample)",
    "Gender Adviser, Ministry of Defence (sample)",
    "Senior Officer for Peace and Security (sample)",
]
SAMPLE_START = datetime.date(2025, 1, 15)


def load_sample():
    """Add the sample people and their posts; does nothing if they exist."""
    if SampleRecord.objects.of_model(Person).exists():
        return "sample people already loaded"
    now = timezone.now()
    people = posts = 0
    members = list(Member.objects.in_network().order_by("name"))
    for index, member in enumerate(members):
        roles = [Role.FOCAL_POINT] + ([Role.ALTERNATE] if index % 2 == 0 else [])
        for offset, role in enumerate(roles):
            number = people
            given = GIVEN[number % len(GIVEN)]
            family = FAMILY[(number // len(GIVEN)) % len(FAMILY)]
            person = Person.objects.create(
                given_name=given,
                family_name=f"{family} {member.key.upper()}",
                email=f"{given.lower()}.{number}@example.org",
                # Half are listed publicly, so the public directory has people to show.
                public_listing=number % 2 == 0,
                # Every fifth is due for verification: confirmed long ago, or never.
                verified_at=None if number % 5 == 0 else now - datetime.timedelta(days=30),
                bio="A fictional person of the sample layer.",
            )
            post = Appointment.objects.create(
                person=person,
                member=member,
                role=role,
                position=POSITIONS[(index + offset) % len(POSITIONS)],
                work_email=f"{given.lower()}.{number}.work@example.org",
                start_on=SAMPLE_START,
                source="Sample data (fictional)",
            )
            SampleRecord.objects.mark(person, post)
            people += 1
            posts += 1
    return f"{people} sample people, {posts} sample posts"
