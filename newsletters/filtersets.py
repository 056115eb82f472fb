"""FilterSets of the newsletters, shared by the HTML lists and (later) the API."""

import django_filters
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.filtersets import (
    BaseFilterSet,
    IntegerFilter,
    MemberKeyFilter,
    ObjectIdsFilter,
    RegionFilter,
    SearchFilter,
    SlugsFilter,
    StrictBooleanFilter,
)
from network.models import Member, Region, Theme

from .choices import EntryKind, IssueStatus
from .models import Entry, Issue, Newsletter, Subscription


class EntryRegionFilter(RegionFilter):
    """An entry concerns a region directly, or through its member's region;
    both count, and so do the regions below."""

    def filter(self, qs, value):
        if value is None:
            return qs
        regions = Region.objects.filter(pk=value.pk).with_descendants()
        return qs.filter(Q(region__in=regions) | Q(member__region__in=regions))


class EntryFilterSet(BaseFilterSet):
    q = SearchFilter(help_text=_("Words in the title, summary, member or region."))
    kind = django_filters.MultipleChoiceFilter(choices=EntryKind.choices, label=_("Kind"))
    theme = SlugsFilter(
        field_name="themes",
        queryset=Theme.objects.all(),
        distinct=True,
        label=_("Theme"),
        help_text=_("Theme slugs."),
    )
    member = MemberKeyFilter(
        field_name="member",
        label=_("Member"),
        help_text=_("ISO 3166 codes or slugs, comma-separated."),
    )
    member_id = ObjectIdsFilter(
        field_name="member", queryset=Member.objects.all(), label=_("Member (id)")
    )
    region = EntryRegionFilter(
        label=_("Region"), help_text=_("M49 code; includes the regions below it.")
    )
    language = django_filters.ChoiceFilter(
        choices=settings.LANGUAGES,
        label=_("Language"),
        help_text=_("The language the entry is written in (en, es, fr)."),
    )
    # true or false, anything else refused (a BooleanFilter ignores "perhaps").
    open = StrictBooleanFilter(
        method="filter_open",
        label=_("Deadline not passed"),
        help_text=_("true: only entries whose deadline is today or later."),
    )
    ordering = django_filters.OrderingFilter(
        fields=["created_at", "deadline", "title", "updated_at"], label=_("Order by")
    )

    class Meta:
        model = Entry
        fields = [
            "q",
            "kind",
            "theme",
            "member",
            "member_id",
            "region",
            "language",
            "open",
            "updated_since",
        ]

    def filter_open(self, queryset, name, value: bool):
        if value is None:
            return queryset
        today = timezone.localdate()
        if value:
            return queryset.filter(deadline__gte=today)
        return queryset.filter(Q(deadline__lt=today) | Q(deadline__isnull=True))


class IssueFilterSet(BaseFilterSet):
    newsletter = django_filters.ModelChoiceFilter(
        field_name="newsletter",
        to_field_name="slug",
        queryset=Newsletter.objects.all(),
        label=_("Newsletter"),
        help_text=_("The slug of the newsletter."),
    )
    language = django_filters.ChoiceFilter(
        choices=settings.LANGUAGES,
        label=_("Language"),
        help_text=_("The language of the issue (en, es, fr)."),
    )
    number = IntegerFilter(
        label=_("Number"),
        min_value=1,
        max_value=2**31 - 1,
        help_text=_("The edition's number (its versions in each language share it)."),
    )
    status = django_filters.MultipleChoiceFilter(
        choices=IssueStatus.choices,
        label=_("Status"),
        help_text=_("Others than staff see only issues that went out (sending, sent)."),
    )
    sent = django_filters.IsoDateTimeFromToRangeFilter(
        field_name="send_started_at",
        label=_("Sent"),
        help_text=_("sent_after / sent_before: when the send started (ISO 8601)."),
    )
    ordering = django_filters.OrderingFilter(fields=["number", "send_started_at", "updated_at"])

    class Meta:
        model = Issue
        fields = ["newsletter", "language", "number", "status", "sent", "updated_since"]


class SubscriptionFilterSet(BaseFilterSet):
    """Applied to ``Subscription.objects.visible_to(viewer)`` only."""

    q = django_filters.CharFilter(
        field_name="email",
        lookup_expr="icontains",
        label=_("Search"),
        help_text=_("Part of the email address."),
    )
    newsletter = django_filters.ModelChoiceFilter(
        field_name="newsletter",
        to_field_name="slug",
        queryset=Newsletter.objects.all(),
        label=_("Newsletter"),
        help_text=_("The slug of the newsletter."),
    )
    language = django_filters.ChoiceFilter(
        choices=settings.LANGUAGES,
        label=_("Language"),
        help_text=_("The language issues are received in."),
    )
    state = django_filters.ChoiceFilter(
        choices=[
            ("pending", _("Awaiting confirmation")),
            ("active", _("Active")),
            ("unsubscribed", _("Unsubscribed")),
            ("suspended", _("Suspended")),
        ],
        method="filter_state",
        label=_("State"),
        help_text=_(
            "pending: not confirmed yet; active: receives issues; unsubscribed; "
            "suspended (after a hard bounce or a complaint)."
        ),
    )
    ordering = django_filters.OrderingFilter(
        fields=["email", "confirmed_at", "updated_at"], label=_("Order by")
    )

    class Meta:
        model = Subscription
        fields = ["q", "newsletter", "language", "state", "updated_since"]

    def filter_state(self, queryset, name, value):
        if value == "active":
            return queryset.active()
        if value == "unsubscribed":
            return queryset.filter(unsubscribed_at__isnull=False, suspended_at__isnull=True)
        if value == "suspended":
            return queryset.filter(suspended_at__isnull=False)
        if value == "pending":
            return queryset.filter(
                confirmed_at__isnull=True, unsubscribed_at__isnull=True, suspended_at__isnull=True
            )
        return queryset
