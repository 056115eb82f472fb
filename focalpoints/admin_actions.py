"""Admin actions on people: invite them, ask them to verify their entry, export
everything held about one, erase (anonymise) them."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from network.core import privacy

from . import services


def _send_to_each(modeladmin, request, queryset, send, done_message):
    sent = 0
    for person in queryset:
        try:
            send(person, by=request.user)
            sent += 1
        except ValidationError as error:
            modeladmin.message_user(request, " ".join(error.messages), messages.WARNING)
    if sent:
        modeladmin.message_user(request, done_message(sent) % {"count": sent}, messages.SUCCESS)


@admin.action(description=_("Send an invitation to open an account"))
def send_invitation(modeladmin, request, queryset):
    """Email each selected person a signed link to set a password (services.invite_person)."""
    _send_to_each(
        modeladmin,
        request,
        queryset,
        services.invite_person,
        lambda n: ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", n),
    )


@admin.action(description=_("Send a request to verify their details"))
def send_verification_request(modeladmin, request, queryset):
    """Email each selected person a signed link to confirm or correct their entry."""
    _send_to_each(
        modeladmin,
        request,
        queryset,
        services.send_verification_request,
        lambda n: ngettext(
            "%(count)d verification request sent.", "%(count)d verification requests sent.", n
        ),
    )


# --- data protection (network/core/privacy.py) ---------------------------------------------


@admin.action(
    description=_("Export everything held about the selected person (JSON)"),
    permissions=["view"],
)
def export_person_data(modeladmin, request, queryset):
    """One person's data, every app's part of it, as a JSON download (logged)."""
    people = list(queryset[:2])
    if len(people) != 1:
        modeladmin.message_user(
            request, _("Select exactly one person to export their data."), messages.ERROR
        )
        return None
    person = people[0]
    data = privacy.export_person_data(person, request=request)
    response = HttpResponse(
        privacy.person_data_json(data), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@admin.action(
    description=_("Erase the selected people (anonymise; keeps meeting statistics)…"),
    permissions=["delete"],
)
def erase_people(modeladmin, request, queryset):
    """Ask for confirmation, then anonymise each selected person (network.core.privacy)."""
    if request.POST.get("confirm_erasure") == "yes":
        count = 0
        for person in queryset:
            privacy.erase_person(person, by=request.user)
            count += 1
        modeladmin.message_user(
            request,
            ngettext("%(count)d person erased.", "%(count)d people erased.", count)
            % {"count": count},
            messages.SUCCESS,
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Erase personal data"),
        "opts": modeladmin.model._meta,
        "people": queryset,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        "action": "erase_people",
    }
    return TemplateResponse(request, "admin/focalpoints/person/erase_confirmation.html", context)
