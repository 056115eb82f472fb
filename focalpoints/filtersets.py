"""FilterSets of the directory, shared by the API and the HTML directory."""

import django_filters
from django.db.models import F, TextField, Value
from django.db.models.functions import Lower, Replace
from django.utils.translation import gettext_lazy as _

from network.filtersets import (
    BaseFilterSet,
    MemberKeyFilter,
    ObjectIdsFilter,
    RegionFilter,
    SearchFilter,
)
from network.models import Language, Member, Theme
from network.search import normalise
from network.visibility import viewer_for

from .choices import Role
from .models import Appointment, Person

STATUS_CHOICES = [("current", _("Current")), ("former", _("Former"))]


class PersonSearchFilter(SearchFilter):
    """``q`` over people. A person's search text holds their email address,
    which the public may not see; for them a word must also appear once the
    address is taken out, so a search cannot confirm a guessed address. The
    indexed condition still narrows the rows first."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        request = getattr(self.parent, "request", None)
        if not value or not value.strip() or viewer_for(request).is_member:
            return qs
        prefix = self.field_name[: -len("search_text")]
        without_email = Replace(
            F(self.field_name), Lower(F(f"{prefix}email")), Value(""), output_field=TextField()
        )
        qs = qs.alias(_public_search_text=without_email)
        for word in normalise(value).split():
            qs = qs.filter(_public_search_text__contains=word)
        return qs


class ThemeSlugsFilter(django_filters.ModelMultipleChoiceFilter):
    """Themes named by slug; filters on the themes themselves (django-filter
    would compare the slug with the relation's id)."""

    def get_filter_predicate(self, v):
        return {self.field_name: v}


def visible_people(request):
    """People a filter may name: those the request's viewer may see."""
    return Person.objects.visible_to(viewer_for(request))


class PersonFilterSet(BaseFilterSet):
    q = PersonSearchFilter(
        help_text=_("Words in the name, organisation, position, member or expertise.")
    )
    member = MemberKeyFilter(
        field_name="appointments__member",
        label=_("Member"),
        help_text=_("ISO 3166 codes or slugs of members the person holds a post for."),
    )
    member_id = ObjectIdsFilter(
        field_name="appointments__member",
        queryset=Member.objects.all(),
        distinct=True,
        label=_("Member (id)"),
    )
    region = RegionFilter(
        field_name="appointments__member__region",
        label=_("Region"),
        help_text=_("M49 code; includes the regions below it."),
    )
    role = django_filters.MultipleChoiceFilter(
        field_name="appointments__role", choices=Role.choices, distinct=True, label=_("Role")
    )
    language = django_filters.ModelMultipleChoiceFilter(
        field_name="languages",
        to_field_name="code",
        queryset=Language.objects.all(),
        distinct=True,
        label=_("Language"),
        help_text=_("ISO 639-1 codes of working languages."),
    )
    theme = ThemeSlugsFilter(
        field_name="expertise",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        distinct=True,
        label=_("Expertise"),
        help_text=_("Theme slugs."),
    )
    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES,
        method="filter_status",
        label=_("Status"),
        help_text=_("current: holds a post today; former: held posts, none today."),
    )
    ordering = django_filters.OrderingFilter(
        fields=[
            ("family_name", "family_name"),
            ("given_name", "given_name"),
            ("updated_at", "updated_at"),
            ("id", "id"),
        ],
    )

    class Meta:
        model = Person
        fields = [
            "q",
            "member",
            "member_id",
            "region",
            "role",
            "language",
            "theme",
            "status",
            "updated_since",
        ]

    def filter_status(self, queryset, name, value):
        current = Appointment.objects.current().values("person")
        if value == "current":
            return queryset.filter(pk__in=current)
        if value == "former":
            return queryset.filter(appointments__isnull=False).exclude(pk__in=current).distinct()
        return queryset


class AppointmentFilterSet(BaseFilterSet):
    q = PersonSearchFilter(
        field_name="person__search_text", help_text=_("Words in the person's entry.")
    )
    person_id = ObjectIdsFilter(
        field_name="person", queryset=visible_people, label=_("Person (id)")
    )
    member = MemberKeyFilter(field_name="member", label=_("Member"))
    member_id = ObjectIdsFilter(
        field_name="member", queryset=Member.objects.all(), label=_("Member (id)")
    )
    region = RegionFilter(field_name="member__region", label=_("Region"))
    role = django_filters.MultipleChoiceFilter(choices=Role.choices)
    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES, method="filter_status", label=_("Status")
    )
    start_on = django_filters.DateFromToRangeFilter(
        help_text=_("start_on_after / start_on_before (YYYY-MM-DD).")
    )
    end_on = django_filters.DateFromToRangeFilter(
        help_text=_("end_on_after / end_on_before (YYYY-MM-DD).")
    )
    ordering = django_filters.OrderingFilter(fields=["start_on", "end_on", "updated_at", "id"])

    class Meta:
        model = Appointment
        fields = [
            "q",
            "person_id",
            "member",
            "member_id",
            "region",
            "role",
            "status",
            "start_on",
            "end_on",
            "updated_since",
        ]

    def filter_status(self, queryset, name, value):
        if value == "current":
            return queryset.current()
        if value == "former":
            return queryset.former()
        return queryset
