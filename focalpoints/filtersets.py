"""FilterSets of the directory, shared by the API and the HTML directory."""

import contextlib

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from network.core.caching import kept_key, kept_while_tables_stand, read_ahead
from network.core.search import normalise, search_q
from network.core.visibility import PERSON_FIELDS, viewer_for, visible_fields
from network.core.widgets import QuickSelect
from network.filtersets import (
    BaseFilterSet,
    MemberKeyFilter,
    ObjectIdsFilter,
    RegionFilter,
    SearchFilter,
)
from network.models import Language, Member, Region, Theme

from .choices import Role
from .models import Appointment, Person

STATUS_CHOICES = [("current", _("Current")), ("former", _("Former"))]


# People in their usual order (Person.Meta.ordering), spelt so that PostgreSQL
# cannot walk the name index for it: the columns are NOT NULL, so "nulls
# first" changes nothing in the order, but the index is "nulls last". Walking
# that index until enough people match costs a scan of every name before the
# first match (83 ms for "garcia" at 100,000 people: García sorts late); the
# trigram index finds the matches and sorting them costs 8 ms
# (docs/performance.md). Only when a word has three letters, the least the
# trigram index serves.
SEARCH_ORDER = [
    F("family_name").asc(nulls_first=True),
    F("given_name").asc(nulls_first=True),
    F("id").asc(),
]


class PersonSearchFilter(SearchFilter):
    """``q`` over people: found people are sorted rather than read in name
    order (see ``SEARCH_ORDER``)."""

    def filter(self, qs, value):
        if value and value.strip() and "expertise" not in self._visible_fields():
            return self._public_search(qs, value)
        qs = super().filter(qs, value)
        if not value or not value.strip():
            return qs
        if self.field_name == "search_text" and any(len(w) >= 3 for w in normalise(value).split()):
            qs = qs.order_by(*SEARCH_ORDER)
        return qs

    def _visible_fields(self):
        return visible_fields(viewer_for(self.parent.request), PERSON_FIELDS)

    def _public_search(self, qs, value):
        # What the public may find a person by: the name, and the posts the
        # directory shows them, ignoring case and accents; not expertise, a
        # members' field (Person.public_search_text, trigram-indexed).
        qs = qs.filter(search_q(value, "public_search_text"))
        if any(len(word) >= 3 for word in normalise(value).split()):
            qs = qs.order_by(*SEARCH_ORDER)
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
    # Working languages and expertise are members' (PERSON_FIELDS): the public
    # may not select people by them.
    field_policy = PERSON_FIELDS
    policy_fields = {"language": "languages", "theme": "expertise"}

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
    q = SearchFilter(field_name="person__search_text", help_text=_("Words in the person's entry."))
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


class OneOfSelect(QuickSelect):
    """A drop-down choosing one value for a filter that takes several
    (``?role=focal_point&role=alternate`` in the API); blank means any."""

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        return [value for value in values if value not in (None, "")]


class DirectoryFilterSet(PersonFilterSet):
    """PersonFilterSet as the directory page shows it: drop-downs with the
    choices named in the reader's language, and only the fields a person
    filters by (the API's ``member_id``, ``updated_since`` and ``ordering``
    still work in the address and report their errors)."""

    shown_fields = ("q", "region", "member", "role", "language", "theme", "status")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.label_suffix = ""
        fields = self.form.fields
        fields["q"].label = _("Search")
        # The API's help texts speak of codes and slugs; the page's choices speak for themselves.
        for name in self.shown_fields:
            fields[name].help_text = ""
        fields["q"].help_text = _(
            "Ignores case and accents; finds every word in names, organisations, positions, "
            "members and expertise."
        )
        fields["q"].widget = forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}
        )
        any_choice = [("", _("Any"))]
        self.choices = choices = directory_choices()
        # Hundreds of regions and members: rendered in Python (network/core/widgets.py).
        fields["region"].widget = QuickSelect(choices=any_choice + choices["region"])
        fields["member"].widget = QuickSelect(choices=any_choice + choices["member"])
        fields["role"].widget = OneOfSelect(choices=any_choice + list(Role.choices))
        fields["language"].widget = OneOfSelect(choices=any_choice + choices["language"])
        fields["theme"].widget = OneOfSelect(choices=any_choice + choices["theme"])
        fields["status"].widget = QuickSelect(
            choices=[("", _("Current and former")), *STATUS_CHOICES]
        )

    def shown(self):
        return [self.form[name] for name in self.shown_fields]

    def hidden_errors(self):
        """Errors of filters given in the address but not shown on the page."""
        return [
            (self.form[name].label or name, errors)
            for name, errors in self.form.errors.items()
            if name not in self.shown_fields
        ]


def directory_choices():
    """The choices of the directory's filters, in the reader's language: the
    same for every viewer of the directory (members and staff). Each is kept
    until a table it read is written (kept_while_tables_stand) — naming 200
    members in the reader's language costs more than the rest of the page
    (docs/performance.md), and a person's save leaves the regions, members,
    languages and themes as they were."""

    def members():
        members = list(Member.objects.only("name", "acronym", "slug", "country"))
        return {
            "member": member_choices(members),
            # Names of members as lists show them (network.templatetags.wps.member_name).
            "member_names": {m.pk: m.localised_name for m in members},
        }

    parts = {
        "region": region_choices,
        "members": members,
        "language": language_choices,
        "theme": lambda: [
            (slug, str(name)) for slug, name in Theme.objects.values_list("slug", "name")
        ],
    }
    read_ahead([kept_key(f"directory-{name}", ()) for name in parts])
    kept = {
        name: kept_while_tables_stand(f"directory-{name}", (), compute)
        for name, compute in parts.items()
    }
    return {**kept.pop("members"), **kept}


def region_choices():
    """M49 regions as (code, name), each tier under its parent and indented."""
    return Region.objects.choices()


def member_choices(members=None):
    """Members as (ISO code or slug, name in the reader's language), sorted by it."""
    choices = []
    if members is None:
        members = Member.objects.only("name", "acronym", "slug", "country")
    for member in members:
        name = member.localised_name
        if member.acronym and not member.country:
            name = f"{name} ({member.acronym})"
        choices.append((member.key, str(name)))
    return sorted(choices, key=lambda choice: normalise(choice[1]))


def language_choices():
    """Working languages that someone in the directory has, in the reader's language."""
    choices = []
    # EXISTS per language (a few hundred index probes), not a DISTINCT over
    # every person's languages (150,000 rows at 100,000 people).
    spoken = Person.languages.through.objects.filter(language_id=OuterRef("pk"))
    for code, name in Language.objects.filter(Exists(spoken)).values_list("code", "name"):
        with contextlib.suppress(KeyError):
            name = get_language_info(code)["name_translated"]
        choices.append((code, str(name)))
    return sorted(choices, key=lambda choice: normalise(choice[1]))
