"""Serializers of the directory: people and their appointments.

People are the API's hot path (a page of 100 people with their posts), so
their representation is built from ``.values()`` rows in four queries, with
links from a per-request prefix (DESIGN.md, "Decisions already measured").
The same function renders lists, details and write responses, so the shape
is one; ``PersonSerializer`` validates input and documents that shape.
"""

from collections import defaultdict

from django.utils import timezone
from rest_framework import serializers

from focalpoints import services
from focalpoints.choices import Role
from focalpoints.models import Appointment, Person, today
from network.api.base_serializers import (
    ApiModelSerializer,
    BriefRelatedField,
    links_for,
)
from network.core.visibility import APPOINTMENT_FIELDS, PERSON_FIELDS, viewer_for, visible_fields
from network.models import Language, Member, Organisation, Theme

IS_CURRENT_HELP = (
    "Whether the post is held today (started, and not yet ended); false for a post "
    "known only from a dated record (as_of)."
)


def _iso_datetime(value, tz=None):
    """A date-time as DRF's DateTimeField renders it (ISO 8601 in the current
    time zone, "Z" for UTC), without its per-call overhead: a page of people
    has hundreds of them."""
    if value is None:
        return None
    text = value.astimezone(tz or timezone.get_current_timezone()).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _iso_date(value):
    return None if value is None else value.isoformat()


APPOINTMENT_EXTRA_KWARGS = {
    "role": {"help_text": "What the person does for the member."},
    "position": {"help_text": "The person's position title in that post."},
    "work_email": {"help_text": "Work email of the post. Members and staff only."},
    "phone": {"help_text": "Work phone of the post. Members and staff only."},
    "start_on": {"help_text": "First day the post is held (YYYY-MM-DD), if known."},
    "end_on": {"help_text": "First day the post is no longer held (YYYY-MM-DD); null while held."},
    "as_of": {
        "help_text": "For a post known only from a dated record (e.g. a meeting's summary): "
        "the day (YYYY-MM-DD) that record shows it held; such a post is not current. "
        "Null for posts the secretariat keeps current."
    },
    "as_of_source": {
        "help_text": "The short name of the record behind as_of (e.g. “Chair's Summary”); "
        "empty without as_of."
    },
    "source": {"help_text": "Where these facts come from. Staff only."},
    "notes": {"help_text": "The secretariat's notes. Staff only."},
}


class PersonAppointmentSerializer(ApiModelSerializer):
    """A post as nested in its person (the person is the parent)."""

    basename = "appointment"
    field_policy = APPOINTMENT_FIELDS
    member = BriefRelatedField(
        "member",
        read_only=True,
        allow_null=True,
        help_text="The member the post is for; null for guests of organisations "
        "outside the network.",
    )
    organisation = BriefRelatedField(
        "organisation",
        read_only=True,
        allow_null=True,
        help_text="The ministry, agency or body the person works in for this post.",
    )
    is_current = serializers.BooleanField(read_only=True, help_text=IS_CURRENT_HELP)

    class Meta:
        model = Appointment
        fields = APPOINTMENT_FIELDS.without("person", "source", "notes", "created_at", "updated_at")
        read_only_fields = fields
        extra_kwargs = APPOINTMENT_EXTRA_KWARGS


class AppointmentSerializer(ApiModelSerializer):
    """A post a person holds for a member (Popolo's Membership)."""

    basename = "appointment"
    field_policy = APPOINTMENT_FIELDS
    person = BriefRelatedField(
        "person",
        queryset=Person.objects.all(),
        help_text="The person holding the post; an id on input.",
    )
    member = BriefRelatedField(
        "member",
        queryset=Member.objects.all(),
        allow_null=True,
        required=False,
        help_text="The member the post is for; an id on input. Null for guests of "
        "organisations outside the network.",
    )
    organisation = BriefRelatedField(
        "organisation",
        queryset=Organisation.objects.all(),
        allow_null=True,
        required=False,
        help_text="The ministry, agency or body the person works in; an id on input.",
    )
    is_current = serializers.BooleanField(read_only=True, help_text=IS_CURRENT_HELP)

    class Meta:
        model = Appointment
        fields = APPOINTMENT_FIELDS.order
        extra_kwargs = APPOINTMENT_EXTRA_KWARGS

    def create(self, validated_data):
        request = self.context.get("request")
        return services.appoint_person(
            validated_data.pop("person"),
            validated_data.pop("member", None),
            validated_data.pop("role"),
            by=getattr(request, "user", None),
            **validated_data,
        )


class PersonSerializer(ApiModelSerializer):
    """Anyone the network knows. Validates writes; renders through
    ``people_representations`` so that lists and details are the same."""

    basename = "person"
    field_policy = PERSON_FIELDS
    name = serializers.CharField(
        read_only=True, help_text="Given and family name, as people are addressed."
    )
    languages = serializers.SlugRelatedField(
        many=True,
        slug_field="code",
        queryset=Language.objects.all(),
        required=False,
        help_text="ISO 639-1 codes of the person's working languages.",
    )
    expertise = BriefRelatedField(
        "theme",
        many=True,
        queryset=Theme.objects.all(),
        required=False,
        help_text="Themes the person is expert in; ids on input.",
    )
    appointments = PersonAppointmentSerializer(
        many=True,
        read_only=True,
        help_text="The person's posts, current and former, as far as they are visible.",
    )

    class Meta:
        model = Person
        fields = PERSON_FIELDS.order
        read_only_fields = ["public_listing_changed_at"]
        extra_kwargs = {
            "honorific": {"help_text": "Ms., Mr., Ambassador, Senator …"},
            "given_name": {"help_text": "The person's given name(s)."},
            "family_name": {"help_text": "The person's family name(s)."},
            "email": {"help_text": "Main contact address. Members and staff only."},
            "phone": {"help_text": "Main phone number. Members and staff only."},
            "gender": {"help_text": "Optional. The person themselves and staff only."},
            "bio": {"help_text": "A short biography. Members and staff only."},
            "public_listing": {
                "help_text": "Whether the person consents to their name and posts being "
                "public. The person themselves and staff only."
            },
            "public_listing_changed_at": {
                "help_text": "When that consent last changed. The person themselves and staff only."
            },
            "verified_at": {
                "help_text": "When the person's details were last confirmed as current. "
                "Members and staff only."
            },
            "user": {"help_text": "The id of the person's user account, if any. Staff only."},
            "notes": {"help_text": "The secretariat's notes. Staff only."},
        }

    def is_own(self, viewer, instance):
        return viewer.owns_person(instance.pk)

    def to_representation(self, instance):
        rows = Person.objects.filter(pk=instance.pk).values(*person_columns(self.viewer))
        return people_representations(list(rows), self.viewer, links_for(self.context))[0]

    def create(self, validated_data):
        request = self.context.get("request")
        return services.save_person(Person(), by=getattr(request, "user", None), **validated_data)

    def update(self, instance, validated_data):
        request = self.context.get("request")
        by = getattr(request, "user", None)
        if not self.viewer.is_staff:
            # A member on their own entry: the same service as the profile page.
            return services.update_own_profile(instance, validated_data, by=by)
        return services.save_person(instance, by=by, **validated_data)


# --- the representation of people, from rows ---------------------------------------

PERSON_ORDER = PersonSerializer.Meta.fields
NESTED_APPOINTMENT_ORDER = PersonAppointmentSerializer.Meta.fields
# Fields read straight from a Person row (the others are computed or related).
PERSON_ROW_FIELDS = {
    "honorific",
    "given_name",
    "family_name",
    "email",
    "phone",
    "gender",
    "bio",
    "public_listing",
    "verified_at",
    "public_listing_changed_at",
    "notes",
    "created_at",
    "updated_at",
}
PERSON_DATETIMES = {"public_listing_changed_at", "verified_at", "created_at", "updated_at"}
# Needed whatever the viewer sees: the name, and what lists are ordered by.
PERSON_BASE_COLUMNS = ["id", "given_name", "family_name", "updated_at"]


def _readable(viewer):
    """Every Person field the viewer may see of anyone, or of themselves."""
    fields = visible_fields(viewer, PERSON_FIELDS)
    if viewer.person_id is not None:
        fields |= visible_fields(viewer, PERSON_FIELDS, own=True)
    return fields


def person_columns(viewer):
    """The Person columns to fetch for ``viewer``: no more than they may see
    (an anonymous list never even reads an email address)."""
    viewer = viewer_for(viewer)
    readable = _readable(viewer)
    columns = list(PERSON_BASE_COLUMNS)
    columns += sorted(name for name in PERSON_ROW_FIELDS & readable if name not in columns)
    if "user" in readable:
        columns.append("user_id")
    return columns


def _person_name(row):
    return " ".join(part for part in (row["given_name"], row["family_name"]) if part)


def people_representations(rows, viewer, links):
    """The API representation of people from their ``.values()`` rows (see
    ``person_columns``): three more queries whatever the number of rows."""
    viewer = viewer_for(viewer)
    ids = [row["id"] for row in rows]
    if not ids:
        return []
    public_fields = visible_fields(viewer, PERSON_FIELDS)
    own_fields = visible_fields(viewer, PERSON_FIELDS, own=True)
    readable = _readable(viewer)
    appointments = _nested_appointments(ids, rows, viewer, links)
    languages = defaultdict(list)
    if "languages" in readable:
        pairs = Person.languages.through.objects.filter(person_id__in=ids).order_by("language_id")
        for person_id, code in pairs.values_list("person_id", "language_id"):
            languages[person_id].append(code)
    expertise = defaultdict(list)
    if "expertise" in readable:
        pairs = Person.expertise.through.objects.filter(person_id__in=ids).order_by(
            "theme__name", "theme_id"
        )
        for person_id, theme_id, name in pairs.values_list("person_id", "theme_id", "theme__name"):
            expertise[person_id].append(links.brief("theme", theme_id, name))

    tz = timezone.get_current_timezone()
    result = []
    for row in rows:
        pk = row["id"]
        allowed = own_fields if viewer.owns_person(pk) else public_fields
        name = _person_name(row)
        computed = {
            "id": pk,
            "url": links.detail("person", pk),
            "display": name,
            "name": name,
            "languages": languages.get(pk, []),
            "expertise": expertise.get(pk, []),
            "appointments": appointments.get(pk, []),
            "user": row.get("user_id"),
        }
        item = {}
        for field in PERSON_ORDER:
            if field not in allowed:
                continue
            if field in computed:
                item[field] = computed[field]
            elif field in PERSON_DATETIMES:
                item[field] = _iso_datetime(row[field], tz)
            else:
                item[field] = row[field]
        result.append(item)
    return result


def _nested_appointments(ids, rows, viewer, links):
    """Each person's posts, in one query, in the nested shape."""
    allowed = visible_fields(viewer, APPOINTMENT_FIELDS)
    names = {row["id"]: _person_name(row) for row in rows}
    columns = [
        "id",
        "person_id",
        "role",
        "position",
        "start_on",
        "end_on",
        "as_of",
        "as_of_source",
        "member_id",
        "member__name",
        "organisation_id",
        "organisation__name",
    ]
    columns += [name for name in ("work_email", "phone") if name in allowed]
    queryset = (
        Appointment.objects.visible_to(viewer)
        .filter(person_id__in=ids)
        .order_by(*Appointment._meta.ordering, "id")
        .values(*columns)
    )
    on = today()
    roles = {value: str(label) for value, label in Role.choices}
    by_person = defaultdict(list)
    for row in queryset:
        pk = row["id"]
        member = (
            links.brief("member", row["member_id"], row["member__name"])
            if row["member_id"]
            else None
        )
        organisation = (
            links.brief("organisation", row["organisation_id"], row["organisation__name"])
            if row["organisation_id"]
            else None
        )
        where = row["member__name"] if row["member_id"] else row["organisation__name"]
        start, end = row["start_on"], row["end_on"]
        computed = {
            "id": pk,
            "url": links.detail("appointment", pk),
            "display": f"{names[row['person_id']]} — {roles.get(row['role'], row['role'])}, "
            f"{where}",
            "member": member,
            "organisation": organisation,
            "start_on": _iso_date(start),
            "end_on": _iso_date(end),
            "as_of": _iso_date(row["as_of"]),
            # A post known only from a dated record is not current (Appointment.is_current_on).
            "is_current": row["as_of"] is None
            and (start is None or start <= on)
            and (end is None or end > on),
        }
        item = {}
        for field in NESTED_APPOINTMENT_ORDER:
            if field not in allowed:
                continue
            item[field] = computed[field] if field in computed else row[field]
        by_person[row["person_id"]].append(item)
    return by_person
