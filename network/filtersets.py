"""FilterSets of the network's models, and the base every app's FilterSets share.

One FilterSet per model serves both the API viewset (``filterset_class``) and
the HTML list (STYLE.md). Every list takes ``q`` (search ignoring case and
accents), ``updated_since`` (ISO 8601, for incremental sync) and ``ordering``.
A value that does not parse or names nothing known is an error (a 400 in the
API, a message on the page), never silently ignored.

Length: the base FilterSet (the error rules above) and the network's own
FilterSets share their field types and checks; the other apps import the base
from here.
"""

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField
from drf_spectacular.drainage import set_override

from network.choices import (
    DocumentAudience,
    FeatureAnswer,
    HighImpactFeature,
    LibraryDocumentKind,
    MemberKind,
    MemberPlanStatus,
    PlanReportKind,
    PlanScope,
    PlanStatus,
)
from network.core.search import MAX_SEARCH_CHARACTERS, MAX_SEARCH_WORDS, search_q
from network.core.translations import CONTENT_LANGUAGES
from network.core.visibility import viewer_for, visible_fields
from network.models import (
    ActionPlan,
    ActionPlanReport,
    LibraryDocument,
    Member,
    Organisation,
    PlanFeatureAssessment,
    Region,
    Theme,
    Tombstone,
)


class MemberKeyField(forms.CharField):
    """Members named by ISO 3166 code or slug, comma-separated ("ES,ecowas")."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return []
        members = []
        for key in [k.strip() for k in value.split(",") if k.strip()]:
            try:
                members.append(Member.objects.get_by_key(key))
            except Member.DoesNotExist:
                raise ValidationError(
                    _("No member has the code %(key)r."), params={"key": key}, code="invalid"
                ) from None
        return members


class MemberKeyFilter(django_filters.CharFilter):
    """Filter by members named by ISO code or slug; ``lookup`` is the path to
    the member from the filtered model ("member", "appointments__member")."""

    field_class = MemberKeyField

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": [m.pk for m in value]}).distinct()


class RegionField(forms.CharField):
    """A region by its M49 code ("011") or id."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        region = Region.objects.filter(code=value.strip()).first()
        # isdigit() alone takes "²", which int() refuses: ASCII digits only.
        if region is None and value.strip().isascii() and value.strip().isdigit():
            region = Region.objects.filter(pk=int(value)).first()
        if region is None:
            raise ValidationError(
                _("No region has the code %(code)r."), params={"code": value}, code="invalid"
            )
        return region


class RegionFilter(django_filters.CharFilter):
    """Filter by a region and every region below it; ``field_name`` is the
    path to the region ("region", "member__region")."""

    field_class = RegionField

    def filter(self, qs, value):
        if value is None:
            return qs
        regions = Region.objects.filter(pk=value.pk).with_descendants()
        return qs.filter(**{f"{self.field_name}__in": regions}).distinct()


class SearchTextField(forms.CharField):
    """A search term of at most MAX_SEARCH_WORDS words and MAX_SEARCH_CHARACTERS
    characters; a longer one is refused by name, not run."""

    def clean(self, value):
        value = super().clean(value)
        if value and len(value) > MAX_SEARCH_CHARACTERS:
            raise ValidationError(
                _("Search with at most %(count)d characters."),
                params={"count": MAX_SEARCH_CHARACTERS},
                code="max_length",
            )
        if value and len(value.split()) > MAX_SEARCH_WORDS:
            raise ValidationError(
                _("Search with at most %(count)d words."),
                params={"count": MAX_SEARCH_WORDS},
                code="max_words",
            )
        return value


class SearchFilter(django_filters.CharFilter):
    """``q``: every word must appear in the row's normalised search text."""

    field_class = SearchTextField

    def __init__(self, field_name="search_text", **kwargs):
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("help_text", _("Words to find, ignoring case and accents."))
        super().__init__(field_name=field_name, **kwargs)

    def filter(self, qs, value):
        if not value or not value.strip():
            return qs
        return qs.filter(search_q(value, self.field_name))


# The largest id a database's bigint holds; a larger number names nothing and
# must be a 400, not an overflow in the database driver.
MAX_ID = 2**63 - 1


class ObjectIdsField(forms.ModelMultipleChoiceField):
    """Ids of objects; anything but whole numbers in the ids' range is an
    invalid choice before any query runs."""

    def _check_values(self, value):
        for item in value:
            text = str(item).strip()
            if not (text.isascii() and text.isdigit()) or int(text) > MAX_ID:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": item},
                )
        return super()._check_values(value)


def _described(filter_):
    """The description drf-spectacular takes from a filter, which an override of
    its schema would otherwise lose."""
    text = filter_.extra.get("help_text") or filter_.label
    return {"description": text} if text else {}


class ObjectIdsFilter(django_filters.ModelMultipleChoiceFilter):
    """Filter by the ids of related objects (``member_id=3&member_id=4``)."""

    field_class = ObjectIdsField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The schema says what the field checks: ids from 1 to the bigint's end.
        set_override(
            self, "field", {**_described(self), "type": "integer", "minimum": 1, "maximum": MAX_ID}
        )


class IntegerFilter(django_filters.NumberFilter):
    """A whole number between ``min_value`` and ``max_value`` (a year, an
    edition's number): 2000.5 is a 400, and the schema says integer with the
    same bounds (django-filter's NumberFilter takes decimals)."""

    field_class = forms.IntegerField

    def __init__(self, *args, min_value, max_value, **kwargs):
        super().__init__(*args, min_value=min_value, max_value=max_value, **kwargs)
        set_override(
            self,
            "field",
            {**_described(self), "type": "integer", "minimum": min_value, "maximum": max_value},
        )


class SlugsFilter(django_filters.ModelMultipleChoiceFilter):
    """Related objects named by slug (``theme=climate&theme=migration``):
    ``field_name`` is the relation ("themes", "meeting") and ``to_field_name``
    the slug field, so the filter compares the objects themselves and the
    schema knows the relation."""

    def __init__(self, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(**kwargs)

    def get_filter_predicate(self, v):
        return {self.field_name: v}


class StrictBooleanFilter(django_filters.TypedChoiceFilter):
    """``true`` or ``false``; anything else is an error (django-filter's
    BooleanFilter would quietly ignore "perhaps")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", [("true", _("Yes")), ("false", _("No"))])
        kwargs.setdefault("coerce", lambda value: value == "true")
        super().__init__(**kwargs)


class PolicyCheckedForm(forms.Form):
    """A FilterSet's form that refuses the filters its viewer may not use."""

    refused = ()

    def clean(self):
        cleaned = super().clean()
        for name in self.refused:
            self.add_error(
                name, ValidationError(_("This filter is for members only."), code="members_only")
            )
        return cleaned


class SyncCursorField(IsoDateTimeField):
    """An ISO 8601 date-time, as UTC. ISO 8601 allows offsets up to ±23:59 but
    PostgreSQL refuses those beyond ±15:59 (a 500, found by schemathesis):
    the cursor is compared in UTC, and one outside the calendar is an error."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(datetime.UTC)
        except OverflowError:
            raise forms.ValidationError(
                _("Enter a date-time between the years 1 and 9999."), code="invalid"
            ) from None


class SyncCursorFilter(django_filters.IsoDateTimeFilter):
    """``updated_since`` and ``since``: a sync client's cursor (SyncCursorField)."""

    field_class = SyncCursorField


class BaseFilterSet(django_filters.FilterSet):
    """What every list offers: ``updated_since`` for incremental sync.

    A filter over a field the viewer may not read selects rows by a fact they
    may not see: ``policy_fields`` maps such filters to their field in
    ``field_policy`` (network.core.visibility), and a viewer who may not see
    that field gets the filter refused (a 400 in the API, a message on the page).
    """

    field_policy = None
    policy_fields = {}

    def refused_filters(self):
        if self.field_policy is None or not self.is_bound:
            return []
        allowed = visible_fields(viewer_for(self.request), self.field_policy)
        return [
            name
            for name, field in self.policy_fields.items()
            if field not in allowed and self.data.get(name) not in (None, "")
        ]

    def get_form_class(self):
        form_class = super().get_form_class()
        return type(form_class.__name__, (PolicyCheckedForm, form_class), {})

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            form.refused = self.refused_filters()
        return self._form

    updated_since = SyncCursorFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label=_("Updated since"),
        help_text=_("Only rows changed at or after this ISO 8601 date-time."),
    )


class RegionFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Search"))
    level = django_filters.ChoiceFilter(choices=Region._meta.get_field("level").choices)
    parent = RegionFilter(field_name="parent", help_text=_("M49 code of a region above."))
    ordering = django_filters.OrderingFilter(fields=["name", "code", "updated_at"])

    class Meta:
        model = Region
        fields = ["q", "level", "parent", "updated_since"]


class ThemeFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(
        method="filter_q",
        label=_("Search"),
        help_text=_("Words in the theme's name, in any language."),
    )
    ordering = django_filters.OrderingFilter(fields=["name", "updated_at"])

    class Meta:
        model = Theme
        fields = ["q", "updated_since"]

    def filter_q(self, queryset, name, value):
        # Every language's name: "clima" finds a theme named in Spanish, and a
        # Spanish reader still finds the themes not yet translated.
        match = Q()
        for code in CONTENT_LANGUAGES:
            match |= Q(**{f"name_{code}__icontains": value})
        return queryset.filter(match)


class MemberFilterSet(BaseFilterSet):
    q = SearchFilter()
    kind = django_filters.MultipleChoiceFilter(choices=MemberKind.choices)
    code = MemberKeyFilter(
        field_name="pk", label=_("Member"), help_text=_("ISO 3166 codes or slugs, comma-separated.")
    )
    region = RegionFilter(help_text=_("M49 code of a region; includes the regions below it."))
    region_id = ObjectIdsFilter(
        field_name="region", queryset=Region.objects.all(), label=_("Region (id)")
    )
    active = StrictBooleanFilter(help_text=_("true: members taking part today; false: others."))
    ordering = django_filters.OrderingFilter(fields=["name", "country", "joined_on", "updated_at"])

    class Meta:
        model = Member
        fields = ["q", "kind", "code", "region", "region_id", "active", "updated_since"]


class OrganisationFilterSet(BaseFilterSet):
    q = SearchFilter()
    member = MemberKeyFilter(
        field_name="member", help_text=_("ISO 3166 codes or slugs, comma-separated.")
    )
    member_id = ObjectIdsFilter(
        field_name="member", queryset=Member.objects.all(), label=_("Member (id)")
    )
    ordering = django_filters.OrderingFilter(fields=["name", "updated_at"])

    class Meta:
        model = Organisation
        fields = ["q", "member", "member_id", "updated_since"]


# --- Action plans ---------------------------------------------------------------


class ActionPlanFilterSet(BaseFilterSet):
    """Action plans by member, region, scope, derived status, theme, year of
    adoption and words; shared by the API and the pages."""

    q = SearchFilter()
    member = MemberKeyFilter(
        field_name="member", help_text=_("ISO 3166 codes or slugs, comma-separated.")
    )
    member_id = ObjectIdsFilter(
        field_name="member", queryset=Member.objects.all(), label=_("Member (id)")
    )
    region = RegionFilter(
        field_name="member__region",
        help_text=_("M49 code of a region; includes the regions below it."),
    )
    scope = django_filters.MultipleChoiceFilter(choices=PlanScope.choices)
    status = django_filters.MultipleChoiceFilter(
        choices=PlanStatus.choices,
        method="filter_status",
        help_text=_("Derived from today and the plan's period."),
    )
    theme = SlugsFilter(
        field_name="themes",
        distinct=True,
        queryset=Theme.objects.all(),
        label=_("Theme"),
        help_text=_("Theme slugs."),
    )
    adopted_from = IntegerFilter(
        field_name="adopted_on__year",
        lookup_expr="gte",
        label=_("Adopted in or after (year)"),
        min_value=1900,
        max_value=2200,
    )
    adopted_to = IntegerFilter(
        field_name="adopted_on__year",
        lookup_expr="lte",
        label=_("Adopted in or before (year)"),
        min_value=1900,
        max_value=2200,
    )
    ordering = django_filters.OrderingFilter(
        fields=["adopted_on", "period_start", "period_end", "sequence", "updated_at"]
    )

    class Meta:
        model = ActionPlan
        fields = [
            "q",
            "member",
            "member_id",
            "region",
            "scope",
            "status",
            "theme",
            "adopted_from",
            "adopted_to",
            "updated_since",
        ]

    def filter_status(self, queryset, name, value):
        if not value:
            return queryset
        if "status" not in queryset.query.annotations:
            queryset = queryset.with_status()
        return queryset.filter(status__in=value)


class ActionPlanMapFilterSet(BaseFilterSet):
    """The members shown on the action-plan map: by region, by where they stand
    with their plans, and by the themes of their plans. Expects a queryset
    annotated by ``Member.objects.with_plan_summary()``."""

    region = RegionFilter(label=_("Region"))
    status = django_filters.ChoiceFilter(
        choices=MemberPlanStatus.choices,
        method="filter_status",
        empty_label=_("Any"),
        label=_("Status"),
    )
    theme = django_filters.ModelChoiceFilter(
        field_name="action_plans__themes",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        empty_label=_("Any"),
        label=_("Theme"),
        distinct=True,
    )

    network = django_filters.ChoiceFilter(
        choices=[("member", _("Members of the network")), ("other", _("Not members"))],
        method="filter_network",
        empty_label=_("Any"),
        label=_("In the network"),
    )

    class Meta:
        model = Member
        fields = ["region", "status", "theme", "network"]

    def filter_network(self, queryset, name, value):
        """Members of the network today, or the States and organisations with
        plans that are not (Member.objects.in_network)."""
        if value == "member":
            return queryset.in_network()
        if value == "other":
            return queryset.outside_network()
        return queryset

    def filter_status(self, queryset, name, value):
        if value == MemberPlanStatus.ACTIVE:
            return queryset.filter(has_active_plan=True)
        if value == MemberPlanStatus.IN_PREPARATION:
            return queryset.filter(has_active_plan=False, has_plan_in_preparation=True)
        if value == MemberPlanStatus.EXPIRED:
            return queryset.filter(
                has_plan=True, has_active_plan=False, has_plan_in_preparation=False
            )
        if value == MemberPlanStatus.NONE:
            return queryset.filter(has_plan=False)
        return queryset


# --- The library's own documents ----------------------------------------------------


class LibraryDocumentFilterSet(BaseFilterSet):
    """The library's documents by words, kind, member, language and audience."""

    q = SearchFilter()
    kind = django_filters.MultipleChoiceFilter(choices=LibraryDocumentKind.choices)
    member = MemberKeyFilter(
        field_name="member", help_text=_("ISO 3166 codes or slugs, comma-separated.")
    )
    member_id = ObjectIdsFilter(
        field_name="member", queryset=Member.objects.all(), label=_("Member (id)")
    )
    language = django_filters.CharFilter(help_text=_("ISO 639-1 code, e.g. en."))
    audience = django_filters.ChoiceFilter(choices=DocumentAudience.choices)
    ordering = django_filters.OrderingFilter(fields=["published_on", "title", "updated_at"])

    class Meta:
        model = LibraryDocument
        fields = ["q", "kind", "member", "member_id", "language", "audience", "updated_since"]


# --- What is known of each plan: the high-impact checklist and the reports -----------

PLAN_IDS_HELP = _("Ids of action plans.")
PLAN_MEMBER_HELP = _("ISO 3166 codes or slugs of the plans' members, comma-separated.")


class PlanChecklistFilterSet(BaseFilterSet):
    """The high-impact checklist by plan, the plan's member, feature and answer."""

    plan = ObjectIdsFilter(
        field_name="plan",
        queryset=ActionPlan.objects.all(),
        label=_("Action plan"),
        help_text=PLAN_IDS_HELP,
    )
    member = MemberKeyFilter(field_name="plan__member", help_text=PLAN_MEMBER_HELP)
    member_id = ObjectIdsFilter(
        field_name="plan__member", queryset=Member.objects.all(), label=_("Member (id)")
    )
    feature = django_filters.MultipleChoiceFilter(choices=HighImpactFeature.choices)
    answer = django_filters.MultipleChoiceFilter(choices=FeatureAnswer.choices)

    class Meta:
        model = PlanFeatureAssessment
        fields = ["plan", "member", "member_id", "feature", "answer", "updated_since"]


class PlanReportFilterSet(BaseFilterSet):
    """Reports on plans by plan, the plan's member and kind."""

    plan = ObjectIdsFilter(
        field_name="plan",
        queryset=ActionPlan.objects.all(),
        label=_("Action plan"),
        help_text=PLAN_IDS_HELP,
    )
    member = MemberKeyFilter(field_name="plan__member", help_text=PLAN_MEMBER_HELP)
    member_id = ObjectIdsFilter(
        field_name="plan__member", queryset=Member.objects.all(), label=_("Member (id)")
    )
    kind = django_filters.MultipleChoiceFilter(choices=PlanReportKind.choices)
    ordering = django_filters.OrderingFilter(fields=["published_on", "updated_at"])

    class Meta:
        model = ActionPlanReport
        fields = ["plan", "member", "member_id", "kind", "updated_since"]


class DeletionFilterSet(BaseFilterSet):
    """Tombstones since a cursor: ``since`` (or ``updated_since``, the same
    cursor a sync client keeps for the lists) and the resource."""

    updated_since = SyncCursorFilter(
        field_name="removed_at",
        lookup_expr="gte",
        label=_("Updated since"),
        help_text=_("Only objects removed at or after this ISO 8601 date-time."),
    )
    since = SyncCursorFilter(
        field_name="removed_at",
        lookup_expr="gte",
        label=_("Since"),
        help_text=_("Only objects removed at or after this ISO 8601 date-time (the sync cursor)."),
    )
    resource = django_filters.CharFilter(
        help_text=_("Only tombstones of this resource (e.g. people)."),
    )
    ordering = django_filters.OrderingFilter(fields=["removed_at", "id"])

    class Meta:
        model = Tombstone
        fields = ["since", "updated_since", "resource"]
