"""FilterSets of meetings, sessions, registrations and commitments, shared by
the HTML lists and (later) the API viewsets."""

import django_filters
from django.utils.translation import gettext_lazy as _

from network.filtersets import BaseFilterSet, MemberKeyFilter, RegionFilter, SearchFilter
from network.models import Member, Theme

from .choices import CommitmentStatus, MeetingKind, MeetingStatus, RegistrationStatus, SessionKind
from .models import Commitment, CommitmentUpdate, Meeting, Registration, Session

WHEN_CHOICES = [("upcoming", _("Upcoming")), ("past", _("Past"))]


class MeetingFilterSet(BaseFilterSet):
    q = SearchFilter(help_text=_("Words in the title, city, country or venue."))
    kind = django_filters.MultipleChoiceFilter(choices=MeetingKind.choices, label=_("Kind"))
    status = django_filters.MultipleChoiceFilter(choices=MeetingStatus.choices, label=_("Status"))
    year = django_filters.NumberFilter(field_name="year", label=_("Year"))
    when = django_filters.ChoiceFilter(choices=WHEN_CHOICES, method="filter_when", label=_("When"))
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
    meeting = django_filters.ModelMultipleChoiceFilter(
        field_name="meeting__slug",
        to_field_name="slug",
        queryset=Meeting.objects.all(),
        label=_("Meeting"),
        help_text=_("Slugs of meetings."),
    )
    kind = django_filters.MultipleChoiceFilter(choices=SessionKind.choices, label=_("Kind"))
    day = django_filters.DateFromToRangeFilter(label=_("Day"))
    theme = django_filters.ModelMultipleChoiceFilter(
        field_name="themes__slug",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        distinct=True,
        label=_("Theme"),
    )

    class Meta:
        model = Session
        fields = ["meeting", "kind", "day", "theme", "updated_since"]


class RegistrationFilterSet(BaseFilterSet):
    """Applied to ``Registration.objects.visible_to(viewer)`` only."""

    meeting = django_filters.ModelMultipleChoiceFilter(
        field_name="meeting__slug",
        to_field_name="slug",
        queryset=Meeting.objects.all(),
        label=_("Meeting"),
    )
    status = django_filters.MultipleChoiceFilter(
        choices=RegistrationStatus.choices, label=_("Status")
    )
    member = MemberKeyFilter(field_name="member", label=_("Delegation of"))

    class Meta:
        model = Registration
        fields = ["meeting", "status", "member", "updated_since"]


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
    member = MemberKeyFilter(
        field_name="member",
        label=_("Member"),
        help_text=_("ISO 3166 codes or slugs, comma-separated."),
    )
    member_id = django_filters.ModelMultipleChoiceFilter(
        field_name="member", queryset=Member.objects.all(), label=_("Member (id)")
    )
    region = RegionFilter(
        field_name="member__region", label=_("Region"), help_text=_("M49 code of a region.")
    )
    status = django_filters.MultipleChoiceFilter(
        choices=CommitmentStatus.choices, label=_("Status")
    )
    theme = django_filters.ModelMultipleChoiceFilter(
        field_name="themes__slug",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        distinct=True,
        label=_("Theme"),
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
            "member",
            "member_id",
            "region",
            "status",
            "theme",
            "due_on",
            "updated_since",
        ]


class CommitmentUpdateFilterSet(BaseFilterSet):
    commitment = django_filters.ModelMultipleChoiceFilter(
        field_name="commitment", queryset=Commitment.objects.all(), label=_("Commitment (id)")
    )
    member = MemberKeyFilter(field_name="commitment__member", label=_("Member"))
    reported_at = django_filters.ModelChoiceFilter(
        field_name="reported_at",
        to_field_name="slug",
        queryset=Meeting.objects.all(),
        label=_("Reported at"),
    )
    reported_on = django_filters.DateFromToRangeFilter(label=_("Reported on"))

    class Meta:
        model = CommitmentUpdate
        fields = ["commitment", "member", "reported_at", "reported_on", "updated_since"]
