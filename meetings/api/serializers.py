"""Serializers of meetings, sessions, registrations, commitments and their
updates. Related objects are brief ``{id, url, display}`` on output and ids
on input (network.api.base_serializers); writes that are more than an insert
go through meetings.services, so the API keeps the rules the pages keep.

Length: one serializer per meeting resource; they share the brief related-
object fields and the service error mapping, so they stay together as the other
apps' api/serializers.py do.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django_countries.serializer_fields import CountryField
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from focalpoints.models import Person
from network.api.base_serializers import (
    TIMESTAMPS,
    ApiModelSerializer,
    BriefRelatedField,
    LocalDateTimeField,
    LocalTimeField,
    PageLinkField,
    drf_errors,
    links_for,
)
from network.core.visibility import (
    COMMITMENT_UPDATE_FIELDS,
    REGISTRATION_FIELDS,
    may_update_commitment,
)
from network.models import Member, Theme

from .. import services
from ..choices import RegistrationStatus
from ..models import (
    Commitment,
    CommitmentUpdate,
    Meeting,
    MeetingDocument,
    Registration,
    Session,
    SessionRole,
)

# --- meetings -------------------------------------------------------------------------


class MeetingSerializer(ApiModelSerializer):
    """A meeting of the network, with its hosts, chairs and the members that
    took part; its agenda is the `sessions` resource (`?meeting_id=`)."""

    basename = "meeting"
    hosts = BriefRelatedField(
        "member",
        many=True,
        queryset=Member.objects.all(),
        required=False,
        help_text="Members hosting the meeting; ids on input.",
    )
    chairs = BriefRelatedField(
        "member",
        many=True,
        queryset=Member.objects.all(),
        required=False,
        help_text="Members chairing the meeting; ids on input.",
    )
    participants = BriefRelatedField(
        "member",
        many=True,
        read_only=True,
        help_text="Members whose delegations took part, as the record states it "
        "(the secretariat records them in the admin).",
    )
    country = CountryField(
        required=False,
        allow_blank=True,
        help_text="ISO 3166-1 alpha-2 code of the host country; empty when not known.",
    )
    web_url = PageLinkField(
        "meetings:meeting",
        slug="slug",
        help_text="The meeting's public page: agenda, documents, commitments.",
    )
    calendar_url = PageLinkField(
        "meetings:meeting_calendar",
        slug="slug",
        present_if="start_date",
        help_text="The meeting's agenda as an iCalendar file (.ics): one event per session; "
        "null while the meeting has no dates.",
    )

    class Meta:
        model = Meeting
        fields = [
            "id",
            "url",
            "display",
            "kind",
            "title",
            "slug",
            "status",
            "hosts",
            "chairs",
            "chairs_note",
            "participants",
            "city",
            "country",
            "venue",
            "time_zone",
            "start_date",
            "end_date",
            "year",
            "dates_note",
            "capacity",
            "registration_open",
            "registration_opens_at",
            "registration_closes_at",
            "summary",
            "source_url",
            "web_url",
            "calendar_url",
            *TIMESTAMPS,
        ]
        extra_kwargs = {
            "kind": {"help_text": "What sort of gathering it is."},
            "title": {"help_text": "The meeting's title."},
            "slug": {"help_text": "Short, stable name used in page addresses and filters."},
            "status": {
                "help_text": "planned, held or cancelled. Whether registration is open is "
                "`registration_open` with its window."
            },
            "chairs_note": {"help_text": "How the source describes the chairs."},
            "city": {"help_text": "The city it takes place in."},
            "venue": {"help_text": "The building or room."},
            "time_zone": {
                "help_text": "IANA time zone of the meeting (Europe/Madrid); session times "
                "are local to it."
            },
            "start_date": {"help_text": "First day (YYYY-MM-DD); null when the record gives none."},
            "end_date": {"help_text": "Last day (YYYY-MM-DD); the first day when omitted."},
            "year": {
                "help_text": "The year; follows the first day, and is given alone when only "
                "the year is known."
            },
            "dates_note": {"help_text": "A note when the record gives no exact dates."},
            "capacity": {
                "help_text": "Places for registrations; null for no limit. When full, people "
                "wait on a list."
            },
            "registration_open": {"help_text": "Whether the secretariat takes registrations."},
            "registration_opens_at": {"help_text": "When registration opens, if set."},
            "registration_closes_at": {"help_text": "When registration closes, if set."},
            "summary": {"help_text": "What the meeting is about, or what it concluded."},
            "source_url": {"help_text": "Where the facts recorded here come from."},
        }


# --- sessions -------------------------------------------------------------------------


class SessionRoleSerializer(ApiModelSerializer):
    """Someone's part in a session, as the agenda prints it. People appear
    by name and role to everyone; the link to their directory entry only
    for those who may see it (DESIGN.md, Visibility)."""

    sometimes_absent = frozenset({"person"})
    name = serializers.CharField(
        read_only=True,
        help_text="The person's name with honorific, or “Representative of …” when the "
        "record names only the member.",
    )
    person = BriefRelatedField(
        "person",
        read_only=True,
        help_text="The person's directory entry. Present only when the role names a "
        "person whose entry you may see (people listed publicly; anyone for members "
        "and staff).",
    )
    member = BriefRelatedField(
        "member",
        read_only=True,
        allow_null=True,
        help_text="The member represented, when the agenda names one.",
    )

    class Meta:
        model = SessionRole
        fields = ["name", "role", "person", "member", "affiliation", "contribution", "order"]
        read_only_fields = fields
        extra_kwargs = {
            "role": {"help_text": "What they do in the session."},
            "affiliation": {"help_text": "Position and organisation as the agenda states them."},
            "contribution": {"help_text": "What they did, e.g. “Welcoming remarks”."},
            "order": {"help_text": "Place in the session's list of people."},
        }

    def to_representation(self, role):
        links = links_for(self.context)
        item = {
            "name": str(role.display_name),
            "role": role.role,
        }
        # ``person_visible`` is annotated by the viewset for this viewer.
        if role.person_id is not None and getattr(role, "person_visible", False):
            item["person"] = links.brief("person", role.person_id, str(role.person))
        item["member"] = (
            links.brief("member", role.member_id, str(role.member)) if role.member_id else None
        )
        item["affiliation"] = role.affiliation
        item["contribution"] = role.contribution
        item["order"] = role.order
        return item


class MeetingDocumentSerializer(ApiModelSerializer):
    """A meeting's document (agenda, concept note, chair's summary, communiqué,
    report): public ones for everyone, members-only ones for members and staff
    (MeetingDocument.objects.visible_to). Read-only: files are uploaded in
    the back office."""

    basename = "meeting-document"
    meeting = BriefRelatedField(
        "meeting", read_only=True, help_text="The meeting the document belongs to."
    )
    address = serializers.URLField(
        source="url", read_only=True, help_text="Where the document is published, if not a file."
    )
    file_url = serializers.SerializerMethodField(
        help_text="The uploaded file (through the site, which checks who may read it); "
        "null without one."
    )

    class Meta:
        model = MeetingDocument
        fields = [
            "id",
            "url",
            "display",
            "meeting",
            "kind",
            "title",
            "address",
            "file_url",
            "language",
            "published_on",
            "order",
            "audience",
            *TIMESTAMPS,
        ]
        extra_kwargs = {
            "title": {"help_text": "The document's title."},
            "language": {"help_text": "ISO 639-1 code of its language."},
            "published_on": {"help_text": "When it was published (YYYY-MM-DD), if known."},
            "order": {"help_text": "Its place among the meeting's documents."},
            "audience": {"help_text": "public, or members (of the network) only."},
        }

    def get_file_url(self, document) -> str | None:
        if not document.file:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(document.href) if request else document.href


class SessionSerializer(ApiModelSerializer):
    """An item of a meeting's agenda, with its people."""

    basename = "session"
    meeting = BriefRelatedField(
        "meeting", queryset=Meeting.objects.all(), help_text="The meeting; an id on input."
    )
    start_time = LocalTimeField(
        allow_null=True,
        required=False,
        help_text="Local start time (HH:MM:SS) in the meeting's time zone; null when the "
        "record gives none.",
    )
    end_time = LocalTimeField(
        allow_null=True,
        required=False,
        help_text="Local end time (HH:MM:SS); needs a start time.",
    )
    starts_at = LocalDateTimeField(
        allow_null=True,
        help_text="Start as a date-time with the meeting's UTC offset; null without a time.",
    )
    ends_at = LocalDateTimeField(
        allow_null=True,
        help_text="End as a date-time with the meeting's UTC offset; null without a time.",
    )
    themes = BriefRelatedField(
        "theme",
        many=True,
        queryset=Theme.objects.all(),
        required=False,
        help_text="Themes of the session; ids on input.",
    )
    roles = SessionRoleSerializer(
        many=True,
        read_only=True,
        help_text="The people of the session in order (the secretariat edits them in the admin).",
    )
    calendar_url = PageLinkField(
        "meetings:session_calendar",
        slug="meeting.slug",
        pk="pk",
        help_text="The session as an iCalendar file (.ics).",
    )

    class Meta:
        model = Session
        fields = [
            "id",
            "url",
            "display",
            "meeting",
            "kind",
            "title",
            "day",
            "start_time",
            "end_time",
            "starts_at",
            "ends_at",
            "order",
            "room",
            "description",
            "themes",
            "roles",
            "uid",
            "calendar_url",
            *TIMESTAMPS,
        ]
        read_only_fields = ["uid"]
        extra_kwargs = {
            "kind": {"help_text": "Plenary, working group, panel …"},
            "title": {"help_text": "The session's title."},
            "day": {"help_text": "The day (YYYY-MM-DD), within the meeting's dates."},
            "order": {"help_text": "Place in the day when times are not known."},
            "room": {"help_text": "Where in the venue."},
            "description": {"help_text": "What the session is about."},
            "uid": {"help_text": "The session's iCalendar UID; stable across edits."},
        }

    def create(self, validated_data):
        return services.schedule_session(
            validated_data.pop("meeting"),
            title=validated_data.pop("title"),
            day=validated_data.pop("day"),
            themes=validated_data.pop("themes", ()),
            **validated_data,
        )


# --- registrations --------------------------------------------------------------------

# What a member may send when registering themselves (what the registration page asks).
MEMBER_REGISTRATION_FIELDS = frozenset(
    {
        "meeting",
        "person",
        "travel_support",
        "visa_letter",
        "arrival_on",
        "departure_on",
        "access_needs",
    }
)
# Status changes through the API, and the service that makes each.
STATUS_SERVICES = {
    RegistrationStatus.CONFIRMED: services.confirm_registration,
    RegistrationStatus.CANCELLED: services.cancel_registration,
    RegistrationStatus.ATTENDED: services.mark_attended,
}


def _as_api_error(error, field=None):
    """A service's ValidationError as DRF's, with a message that names no
    field attributed to ``field``."""
    errors = drf_errors(error)
    if field and "non_field_errors" in errors:
        errors.setdefault(field, []).extend(errors.pop("non_field_errors"))
    return serializers.ValidationError(errors)


class RegistrationSerializer(ApiModelSerializer):
    """A person's registration for a meeting. Personal: the person and staff only."""

    basename = "registration"
    field_policy = REGISTRATION_FIELDS
    meeting = BriefRelatedField(
        "meeting", queryset=Meeting.objects.all(), help_text="The meeting; an id on input."
    )
    person = BriefRelatedField(
        "person",
        queryset=Person.objects.all(),
        required=False,
        help_text="The person registered; an id on input (members register themselves and "
        "may leave it out).",
    )
    member = BriefRelatedField(
        "member",
        queryset=Member.objects.all(),
        allow_null=True,
        required=False,
        help_text="The delegation the person belongs to; an id on input (by default the "
        "member of the person's current post, when there is one).",
    )
    status = serializers.ChoiceField(
        choices=RegistrationStatus.choices,
        required=False,
        help_text="Where the registration stands. Set on creation (registered, or waiting "
        "when the meeting is full). Change it to cancelled (the person or staff), or to "
        "confirmed or attended (staff).",
    )

    class Meta:
        model = Registration
        fields = REGISTRATION_FIELDS.order
        read_only_fields = ["waiting_position", "registered_at", "confirmed_at", "cancelled_at"]
        # One registration per person and meeting is the service's rule (it takes
        # up a cancelled one again); DRF's own check would also make `person`
        # required, which members may leave out.
        validators = []
        extra_kwargs = {
            "waiting_position": {
                "help_text": "Place on the waiting list while waiting (lower is sooner)."
            },
            "registered_at": {"help_text": "When the person registered."},
            "confirmed_at": {"help_text": "When the secretariat confirmed the registration."},
            "cancelled_at": {"help_text": "When the registration was cancelled."},
            "travel_support": {"help_text": "Whether the person asks for travel support."},
            "visa_letter": {"help_text": "Whether the person needs a visa invitation letter."},
            "arrival_on": {"help_text": "Day of arrival (YYYY-MM-DD)."},
            "departure_on": {"help_text": "Day of departure (YYYY-MM-DD)."},
            "access_needs": {"help_text": "Accessibility, dietary or other needs."},
            "notes": {"help_text": "The secretariat's notes."},
        }

    def is_own(self, viewer, instance):
        return viewer.person_id is not None and instance.person_id == viewer.person_id

    def validate(self, attrs):
        viewer = self.viewer
        new_status = attrs.pop("status", None)
        if self.instance is None:
            if new_status is not None:
                raise serializers.ValidationError(
                    {"status": [_("A new registration's status follows from the meeting.")]}
                )
            if "person" not in attrs:
                if viewer.person_id is None:
                    raise serializers.ValidationError({"person": [_("This field is required.")]})
                attrs["person"] = Person.objects.get(pk=viewer.person_id)
            if not viewer.is_staff and attrs["person"].pk != viewer.person_id:
                raise PermissionDenied({"person": [_("You may register only yourself.")]})
            # The service checks the rest (window, places, one per person), in
            # its transaction, with the meeting locked.
            try:
                Registration.clean_stay(
                    attrs["meeting"], attrs.get("arrival_on"), attrs.get("departure_on")
                )
            except DjangoValidationError as error:
                raise _as_api_error(error) from None
            return attrs
        moved = [
            name
            for name in ("meeting", "person")
            if name in attrs and attrs[name] != getattr(self.instance, name)
        ]
        if moved:
            message = _("Register anew rather than move a registration.")
            raise serializers.ValidationError({name: [message] for name in moved})
        attrs = super().validate(attrs)
        if new_status is not None and new_status != self.instance.status:
            if not viewer.is_staff and new_status != RegistrationStatus.CANCELLED:
                raise PermissionDenied({"status": [_("You may only cancel your registration.")]})
            if new_status not in STATUS_SERVICES:
                message = _("A registration can be changed to confirmed, attended or cancelled.")
                raise serializers.ValidationError({"status": [message]})
            attrs["status"] = new_status
        return attrs

    def create(self, validated_data):
        request = self.context.get("request")
        try:
            return services.register(
                validated_data.pop("meeting"),
                validated_data.pop("person"),
                by=getattr(request, "user", None),
                # The secretariat registers people outside the window, as in the admin.
                ignore_window=self.viewer.is_staff,
                **validated_data,
            )
        except DjangoValidationError as error:
            raise _as_api_error(error, "meeting") from None

    def update(self, instance, validated_data):
        request = self.context.get("request")
        by = getattr(request, "user", None)
        new_status = validated_data.pop("status", None)
        validated_data.pop("meeting", None)
        validated_data.pop("person", None)
        if validated_data:
            instance = super().update(instance, validated_data)
        if new_status is not None:
            try:
                result = STATUS_SERVICES[new_status](instance, by=by)
            except DjangoValidationError as error:
                raise _as_api_error(error, "status") from None
            instance = result[0] if isinstance(result, tuple) else result
        return instance


# --- commitments ----------------------------------------------------------------------


class CommitmentSerializer(ApiModelSerializer):
    """A pledge a member made at a meeting; its updates are the
    `commitment-updates` resource (`?commitment=`)."""

    basename = "commitment"
    member = BriefRelatedField(
        "member", queryset=Member.objects.all(), help_text="The member that pledged it; an id."
    )
    meeting = BriefRelatedField(
        "meeting", queryset=Meeting.objects.all(), help_text="The meeting it was made at; an id."
    )
    themes = BriefRelatedField(
        "theme",
        many=True,
        queryset=Theme.objects.all(),
        required=False,
        help_text="Themes of the commitment; ids on input.",
    )
    web_url = PageLinkField(
        "meetings:commitment", pk="pk", help_text="The commitment's public page, with its story."
    )

    class Meta:
        model = Commitment
        fields = [
            "id",
            "url",
            "display",
            "member",
            "meeting",
            "text",
            "themes",
            "status",
            "due_on",
            "order",
            "web_url",
            *TIMESTAMPS,
        ]
        extra_kwargs = {
            "text": {"help_text": "What the member committed to."},
            "status": {
                "help_text": "Where it stands: the status its latest dated update reported "
                "(or set by staff).",
                "required": False,
            },
            "due_on": {"help_text": "When it falls due (YYYY-MM-DD), if set."},
            "order": {"help_text": "Place in the meeting's list of commitments."},
        }

    def create(self, validated_data):
        request = self.context.get("request")
        return services.record_commitment(
            validated_data.pop("meeting"),
            validated_data.pop("member"),
            validated_data.pop("text"),
            by=getattr(request, "user", None),
            **validated_data,
        )


class AuthorField(serializers.CharField):
    """Who wrote an update, by name: their directory name, else their
    account's name, else "Secretariat" for staff. Never their email."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, user):
        person = getattr(user, "person", None) if hasattr(user, "person") else None
        if person is not None:
            return person.full_name
        name = user.get_full_name().strip()
        if name:
            return name
        return _("Secretariat") if user.is_staff else None


class CommitmentUpdateSerializer(ApiModelSerializer):
    """A progress report on a commitment."""

    basename = "commitment-update"
    field_policy = COMMITMENT_UPDATE_FIELDS
    commitment = BriefRelatedField(
        "commitment",
        queryset=Commitment.objects.select_related("member", "meeting"),
        help_text="The commitment reported on; an id on input. Members may report only on "
        "their own member's commitments.",
    )
    reported_at = BriefRelatedField(
        "meeting",
        queryset=Meeting.objects.all(),
        allow_null=True,
        required=False,
        help_text="The later meeting the update was reported at, if any; an id on input.",
    )
    author = AuthorField(help_text="Who wrote the update, by name.")

    class Meta:
        model = CommitmentUpdate
        fields = COMMITMENT_UPDATE_FIELDS.order
        extra_kwargs = {
            "text": {"help_text": "What happened; may be empty when only the status changed."},
            "new_status": {
                "help_text": "The status the commitment moved to; empty if it did not "
                "change. The commitment takes the status of its latest dated update."
            },
            "reported_on": {
                "help_text": "The day of the report (YYYY-MM-DD); today when omitted. Not "
                "before the commitment was made, not in the future."
            },
        }

    def validate_commitment(self, commitment):
        if self.instance is not None and commitment.pk != self.instance.commitment_id:
            raise serializers.ValidationError(_("An update cannot move to another commitment."))
        if not may_update_commitment(self.viewer, commitment):
            # Raised before anything is written; the service refuses as well.
            raise PermissionDenied(
                {
                    "commitment": [
                        _(
                            "Only the focal points of %(member)s or the secretariat may "
                            "report on this commitment."
                        )
                        % {"member": commitment.member}
                    ]
                }
            )
        return commitment

    def create(self, validated_data):
        request = self.context.get("request")
        return services.add_commitment_update(
            validated_data.pop("commitment"), by=request.user, **validated_data
        )

    def update(self, instance, validated_data):
        instance = super().update(instance, validated_data)
        request = self.context.get("request")
        services.sync_commitment_status(instance.commitment, by=getattr(request, "user", None))
        return instance
