"""FilterSets of the newsletters, shared by the HTML lists and (later) the API."""

import django_filters
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.filtersets import BaseFilterSet, MemberKeyFilter, RegionFilter, SearchFilter
from network.models import Member, Region, Theme

from .choices import EntryKind
from .models import Entry, Issue, Newsletter


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
    theme = django_filters.ModelMultipleChoiceFilter(
        field_name="themes__slug",
        to_field_name="slug",
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
    member_id = django_filters.ModelMultipleChoiceFilter(
        field_name="member", queryset=Member.objects.all(), label=_("Member (id)")
    )
    region = EntryRegionFilter(
        label=_("Region"), help_text=_("M49 code; includes the regions below it.")
    )
    language = django_filters.ChoiceFilter(choices=settings.LANGUAGES, label=_("Language"))
    open = django_filters.BooleanFilter(
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

    def filter_open(self, queryset, name, value):
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
    )
    language = django_filters.ChoiceFilter(choices=settings.LANGUAGES, label=_("Language"))
    number = django_filters.NumberFilter(label=_("Number"))
    sent = django_filters.IsoDateTimeFromToRangeFilter(field_name="send_started_at")
    ordering = django_filters.OrderingFilter(fields=["number", "send_started_at", "updated_at"])

    class Meta:
        model = Issue
        fields = ["newsletter", "language", "number", "updated_since"]
