"""Admin actions of the members' site: invite people, ask them to verify their entry."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

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
