"""Posts read as plain values for the pages that list many of them.

A page that prints many posts (a member's page, the directory) needs a dozen
columns of each, not model instances: at 468 posts (a member at the 100k
benchmark), loading them as ``Appointment`` and ``Person`` instances took 9.6
ms, the same columns as values 2.4 ms (docs/performance.md, run 8). A
``PostRow`` carries those values under the models' own names and borrows the
models' own rules (``Appointment.is_current_on``, ``is_dated``,
``as_of_display``, ``Person.full_name``), so that what a post is and how a
name is printed stay written once, on the models.
"""

from django.db.models import Value

from network.core.visibility import APPOINTMENT_FIELDS

from .models import Appointment, Person


class PersonNames:
    """A person's id and names as values, printed by ``Person``'s own
    properties."""

    __slots__ = ("family_name", "given_name", "honorific", "pk")

    name = Person.name
    full_name = Person.full_name

    def __init__(self, honorific, given_name, family_name, pk=None):
        self.honorific, self.given_name, self.family_name = honorific, given_name, family_name
        self.pk = pk


def people_names(people):
    """The people of the queryset ``people`` (in its order) as
    ``PersonNames``: one query of their ids and names."""
    return [
        PersonNames(honorific, given_name, family_name, pk)
        for pk, honorific, given_name, family_name in people.values_list(
            "pk", "honorific", "given_name", "family_name"
        )
    ]


class OrganisationName:
    """An organisation's name as a value (``post.organisation.name``),
    printed as ``Organisation`` prints itself."""

    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __str__(self):
        return self.name


# The post's own columns a PostRow carries, in the order ``post_rows`` reads
# them (then its person's names and its organisation's).
POST_COLUMNS = (
    "pk",
    "person_id",
    "member_id",
    "organisation_id",
    "role",
    "position",
    "start_on",
    "end_on",
    "as_of",
    "as_of_source",
    "work_email",
    "phone",
)


class PostRow:
    """A post as values: its own fields (``POST_COLUMNS``), ``person`` (its
    names) and ``organisation`` (its name, or None), with ``Appointment``'s
    rules on what is current and dated; ``values`` holds them all, as read."""

    __slots__ = (*POST_COLUMNS, "person", "organisation", "values")

    is_current_on = Appointment.is_current_on
    is_dated = Appointment.is_dated
    as_of_display = Appointment.as_of_display

    def __init__(self, values):
        """From one row of ``post_rows``' query: ``values``, all it prints."""
        self.values = values
        (
            self.pk,
            self.person_id,
            self.member_id,
            self.organisation_id,
            self.role,
            self.position,
            self.start_on,
            self.end_on,
            self.as_of,
            self.as_of_source,
            self.work_email,
            self.phone,
            honorific,
            given_name,
            family_name,
            organisation,
        ) = values
        self.person = PersonNames(honorific, given_name, family_name)
        self.organisation = OrganisationName(organisation) if self.organisation_id else None


NAME_COLUMNS = ("person__honorific", "person__given_name", "person__family_name")


def post_rows(posts, fields):
    """The posts of the queryset ``posts`` (in its order) as ``PostRow``s:
    one query of the columns they print, no model instances. A column of the
    field policy that ``fields`` (the viewer's, ``visible_fields``) does not
    hold — a contact the public may not see — is not read: it is blank."""
    hidden = [
        name
        for name in POST_COLUMNS
        if name in APPOINTMENT_FIELDS.all_fields() and name not in fields
    ]
    posts = posts.annotate(**{f"unread_{name}": Value("") for name in hidden})
    columns = [f"unread_{name}" if name in hidden else name for name in POST_COLUMNS]
    return [
        PostRow(values)
        for values in posts.values_list(*columns, *NAME_COLUMNS, "organisation__name")
    ]
