"""The secretariat's back office for people and their appointments."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

from network.admin import MemberAdmin, NormalisedSearchMixin, RegionFilter
from network.models import Member

from . import services
from .admin_actions import send_invitation, send_verification_request
from .models import Appointment, Person, today
from .resources import AppointmentResource, PersonResource


class AppointmentRegionFilter(RegionFilter):
    region_lookup = "member__region"


class PersonRegionFilter(RegionFilter):
    region_lookup = "appointments__member__region"


class CurrentFilter(admin.SimpleListFilter):
    """Appointments held today, or ended."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("current", _("Current")), ("former", _("Former"))]

    def queryset(self, request, queryset):
        if self.value() == "current":
            return queryset.filter(pk__in=Appointment.objects.current())
        if self.value() == "former":
            return queryset.filter(pk__in=Appointment.objects.former())
        return queryset


class PersonStatusFilter(admin.SimpleListFilter):
    """People with a current post, or only past ones."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("current", _("Holds a current post")), ("former", _("Former only"))]

    def queryset(self, request, queryset):
        current = Appointment.objects.current().values("person")
        if self.value() == "current":
            return queryset.filter(pk__in=current)
        if self.value() == "former":
            return queryset.filter(appointments__isnull=False).exclude(pk__in=current).distinct()
        return queryset


class VerificationFilter(admin.SimpleListFilter):
    title = _("verification")
    parameter_name = "verification"

    def lookups(self, request, model_admin):
        return [("due", _("Not verified for 12 months")), ("recent", _("Verified recently"))]

    def queryset(self, request, queryset):
        due = Person.objects.due_for_verification()
        if self.value() == "due":
            return queryset.filter(pk__in=due)
        if self.value() == "recent":
            return queryset.exclude(pk__in=due)
        return queryset


class PersonAppointmentInline(admin.TabularInline):
    model = Appointment
    extra = 0
    fields = [
        "member",
        "role",
        "organisation",
        "position",
        "work_email",
        "phone",
        "start_on",
        "end_on",
    ]
    autocomplete_fields = ["member", "organisation"]
    show_change_link = True


class MemberAppointmentInline(PersonAppointmentInline):
    fields = ["person", "role", "organisation", "position", "start_on", "end_on"]
    autocomplete_fields = ["person", "organisation"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "organisation")


# The member admin lives in network, which imports no other app; the
# appointments inline is added here, from the floor above.
admin.site.unregister(Member)


@admin.register(Member)
class MemberWithAppointmentsAdmin(MemberAdmin):
    inlines = [*MemberAdmin.inlines, MemberAppointmentInline]


@admin.register(Person)
class PersonAdmin(NormalisedSearchMixin, ImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [PersonResource]
    list_display = [
        "name",
        "honorific",
        "current_posts",
        "public_listing",
        "verified_at",
        "updated_at",
    ]
    list_filter = [
        PersonStatusFilter,
        VerificationFilter,
        "appointments__role",
        PersonRegionFilter,
        "appointments__member",
        "public_listing",
    ]
    filter_horizontal = ["languages", "expertise"]
    readonly_fields = ["public_listing_changed_at", "created_at", "updated_at"]
    autocomplete_fields = ["user"]
    inlines = [PersonAppointmentInline]
    actions = ["mark_verified", send_invitation, send_verification_request]
    fieldsets = [
        (None, {"fields": ["honorific", "given_name", "family_name", "gender"]}),
        (_("Contact"), {"fields": ["email", "phone"]}),
        (_("Profile"), {"fields": ["languages", "expertise", "bio"]}),
        (
            _("Consent and verification"),
            {"fields": ["public_listing", "public_listing_changed_at", "verified_at"]},
        ),
        (_("Account and notes"), {"fields": ["user", "notes", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("appointments__member")

    @admin.display(description=_("current posts"))
    def current_posts(self, person):
        on = today()
        return "; ".join(
            f"{a.get_role_display()}, {a.member}"
            for a in person.appointments.all()
            if a.is_current_on(on)
        )

    @admin.action(description=_("Mark selected people's details as verified"))
    def mark_verified(self, request, queryset):
        count = services.mark_people_verified(queryset, by=request.user)
        self.message_user(
            request,
            ngettext("%d person marked verified.", "%d people marked verified.", count) % count,
            messages.SUCCESS,
        )


@admin.register(Appointment)
class AppointmentAdmin(ImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [AppointmentResource]
    list_display = ["person", "member", "role", "position", "organisation", "start_on", "end_on"]
    list_filter = [CurrentFilter, "role", AppointmentRegionFilter, "member"]
    list_select_related = ["person", "member", "organisation"]
    search_fields = ["person__search_text"]
    search_help_text = _("Person's name; ignores case and accents.")
    autocomplete_fields = ["person", "member", "organisation"]
    date_hierarchy = "start_on"
    actions = ["end_today"]

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.filter(person__in=Person.objects.search(search_term)), False

    @admin.action(description=_("End selected appointments today"))
    def end_today(self, request, queryset):
        ended, problems = 0, []
        for appointment in queryset.select_related("person", "member"):
            try:
                services.end_appointment(appointment, on=today(), by=request.user)
                ended += 1
            except ValidationError as error:
                problems.append(f"{appointment}: {' '.join(error.messages)}")
        if ended:
            self.message_user(
                request,
                ngettext("%d appointment ended.", "%d appointments ended.", ended) % ended,
                messages.SUCCESS,
            )
        for problem in problems:
            self.message_user(request, problem, messages.ERROR)
