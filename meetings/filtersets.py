"""FilterSets of meetings, sessions, registrations and commitments, shared by
the HTML lists and (later) the API viewsets."""

import django_filters
from django.utils.translation import gettext_lazy as _

from focalpoints.filtersets import visible_people
from network.choices import DocumentAudience
from network.filtersets import (
    BaseFilterSet,
    IntegerFilter,
    MemberKeyFilter,
    ObjectIdsFilter,
    RegionFilter,
    SearchFilter,
    SlugsFilter,
)
from network.models import Member, Theme

from .choices import (
    CommitmentStatus,
    DocumentKind,
    MeetingKind,
    MeetingStatus,
    RegistrationStatus,
    SessionKind,
)
from .models import Commitment, CommitmentUpdate, Meeting, MeetingDocument, Registration, Session

MEETING_SLUGS_HELP = _("Slugs of meetings (the `slug` field).")
MEETING_IDS_HELP = _("Ids of meetings.")


WHEN_CHOICES = [("upcoming", _("Upcoming")), ("past", _("Past"))]


class MeetingFilterSet(BaseFilterSet):
    q = SearchFilter(help_text=_("Words in the title, city, country or venue."))
    kind = django_filters.MultipleChoiceFilter(choices=MeetingKind.choices, label=_("Kind"))
    status = django_filters.MultipleChoiceFilter(choices=MeetingStatus.choices, label=_("Status"))
    year = IntegerFilter(
        field_name="year",
        label=_("Year"),
        min_value=1900,
        max_value=2200,
        help_text=_("The year the meeting took place (or takes place)."),
    )
    when = django_filters.ChoiceFilter(
        choices=WHEN_CHOICES,
        method="filter_when",
        label=_("When"),
        help_text=_("upcoming: not ended yet (or dates not fixed); past: ended."),
    )
    member = MemberKeyFilter(
        field_name="participants",
        label=_("Member taking part"),
        help_text=_("ISO 3166 codes or slugs of members whose delegations took part."),
    )
    host = MemberKeyFilter(
        field_name="hosts", label=_("Host"), help_text=_("ISO 3166 codes or slugs of hosts.")
    )
    ordering = django_filters.OrderingFilter(fields=["start_date", "title", "updated_at"])

    class Meta:
        model = Meeting
        fields = ["q", "kind", "status", "year", "when", "member", "host", "updated_since"]

    def filter_when(self, queryset, name, value):
        if value == "upcoming":
            return queryset.upcoming()
        if value == "past":
            return queryset.past()
        return queryset


class SessionFilterSet(BaseFilterSet):
    meeting = SlugsFilter(
        field_name="meeting",
        queryset=Meeting.objects.all(),
        label=_("Meeting"),
        help_text=MEETING_SLUGS_HELP,
    )
    meeting_id = ObjectIdsFilter(
        field_name="meeting",
        queryset=Meeting.objects.all(),
        label=_("Meeting (id)"),
        help_text=MEETING_IDS_HELP,
    )
    kind = django_filters.MultipleChoiceFilter(choices=SessionKind.choices, label=_("Kind"))
    day = django_filters.DateFromToRangeFilter(
        label=_("Day"), help_text=_("day_after / day_before (YYYY-MM-DD).")
    )
    theme = SlugsFilter(
        field_name="themes",
        queryset=Theme.objects.all(),
        distinct=True,
        label=_("Theme"),
        help_text=_("Theme slugs."),
    )
    ordering = django_filters.OrderingFilter(fields=["day", "start_time", "order", "updated_at"])

    class Meta:
        model = Session
        fields = ["meeting", "meeting_id", "kind", "day", "theme", "updated_since"]


class MeetingDocumentFilterSet(BaseFilterSet):
    """Meetings' documents by meeting, kind, language and audience."""

    meeting = SlugsFilter(
        field_name="meeting",
        queryset=Meeting.objects.all(),
        label=_("Meeting"),
        help_text=MEETING_SLUGS_HELP,
    )
    meeting_id = ObjectIdsFilter(
        field_name="meeting",
        queryset=Meeting.objects.all(),
        label=_("Meeting (id)"),
        help_text=MEETING_IDS_HELP,
    )
    kind = django_filters.MultipleChoiceFilter(choices=DocumentKind.choices, label=_("Kind"))
    language = django_filters.CharFilter(help_text=_("ISO 639-1 code, e.g. en."))
    audience = django_filters.ChoiceFilter(choices=DocumentAudience.choices)
    ordering = django_filters.OrderingFilter(fields=["published_on", "title", "updated_at"])

    class Meta:
        model = MeetingDocument
        fields = ["meeting", "meeting_id", "kind", "language", "audience", "updated_since"]


class RegistrationFilterSet(BaseFilterSet):
    """Applied to ``Registration.objects.visible_to(viewer)`` only."""

    meeting = SlugsFilter(
        field_name="meeting",
        queryset=Meeting.objects.all(),
        label=_("Meeting"),
        help_text=MEETING_SLUGS_HELP,
    )
    meeting_id = ObjectIdsFilter(
        field_name="meeting",
        queryset=Meeting.objects.all(),
        label=_("Meeting (id)"),
        help_text=MEETING_IDS_HELP,
    )
    person_id = ObjectIdsFilter(
        field_name="person",
        queryset=visible_people,
        label=_("Person (id)"),
        help_text=_("Ids of the people registered."),
    )
    status = django_filters.MultipleChoiceFilter(
        choices=RegistrationStatus.choices, label=_("Status")
    )
    member = MemberKeyFilter(
        field_name="member",
        label=_("Delegation of"),
        help_text=_("ISO 3166 codes or slugs of the members whose delegation it is."),
    )
    ordering = django_filters.OrderingFilter(
        fields=["registered_at", "status", "waiting_position", "updated_at"]
    )

    class Meta:
        model = Registration
        fields = ["meeting", "meeting_id", "person_id", "status", "member", "updated_since"]


class CommitmentFilterSet(BaseFilterSet):
    """The commitments tracker's filters: meeting, member, status, theme, words."""

    q = SearchFilter(help_text=_("Words in the commitment or the member's name."))
    meeting = django_filters.ModelChoiceFilter(
        field_name="meeting",
        to_field_name="slug",
        queryset=Meeting.objects.filter(commitments__isnull=False).distinct(),
        label=_("Made at"),
        help_text=_("The slug of the meeting."),
    )
    meeting_id = ObjectIdsFilter(
        field_name="meeting",
        queryset=Meeting.objects.all(),
        label=_("Made at (id)"),
        help_text=MEETING_IDS_HELP,
    )
    member = MemberKeyFilter(
        field_name="member",
        label=_("Member"),
        help_text=_("ISO 3166 codes or slugs, comma-separated."),
    )
    member_id = ObjectIdsFilter(
        field_name="member", queryset=Member.objects.all(), label=_("Member (id)")
    )
    region = RegionFilter(
        field_name="member__region",
        label=_("Region"),
        help_text=_("M49 code of a region; includes the regions below it."),
    )
    status = django_filters.MultipleChoiceFilter(
        choices=CommitmentStatus.choices, label=_("Status")
    )
    theme = SlugsFilter(
        field_name="themes",
        queryset=Theme.objects.all(),
        distinct=True,
        label=_("Theme"),
        help_text=_("Theme slugs."),
    )
    due_on = django_filters.DateFromToRangeFilter(
        label=_("Due"), help_text=_("due_on_after / due_on_before (YYYY-MM-DD).")
    )
    ordering = django_filters.OrderingFilter(
        fields=[("meeting__start_date", "meeting"), "status", "due_on", "updated_at"]
    )

    class Meta:
        model = Commitment
        fields = [
            "q",
            "meeting",
            "meeting_id",
            "member",
            "member_id",
            "region",
            "status",
            "theme",
            "due_on",
            "updated_since",
        ]


class CommitmentUpdateFilterSet(BaseFilterSet):
    commitment = ObjectIdsFilter(
        field_name="commitment",
        queryset=Commitment.objects.all(),
        label=_("Commitment (id)"),
        help_text=_("Ids of commitments."),
    )
    member = MemberKeyFilter(
        field_name="commitment__member",
        label=_("Member"),
        help_text=_("ISO 3166 codes or slugs of the members whose commitments they are."),
    )
    reported_at = django_filters.ModelChoiceFilter(
        field_name="reported_at",
        to_field_name="slug",
        queryset=Meeting.objects.all(),
        label=_("Reported at"),
        help_text=_("The slug of the meeting the update was reported at."),
    )
    new_status = django_filters.MultipleChoiceFilter(
        choices=CommitmentStatus.choices,
        label=_("New status"),
        help_text=_("Updates that moved the commitment to one of these statuses."),
    )
    reported_on = django_filters.DateFromToRangeFilter(
        label=_("Reported on"), help_text=_("reported_on_after / reported_on_before (YYYY-MM-DD).")
    )
    ordering = django_filters.OrderingFilter(fields=["reported_on", "updated_at"])

    class Meta:
        model = CommitmentUpdate
        fields = [
            "commitment",
            "member",
            "reported_at",
            "new_status",
            "reported_on",
            "updated_since",
        ]
