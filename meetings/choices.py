"""Choices of the meetings app: kinds of meeting and session, roles, statuses."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    """What sort of gathering a meeting is."""

    NETWORK = "network", _("Network meeting (capital level)")
    MINISTERIAL = "ministerial", _("Ministerial meeting")
    EXPERT = "expert", _("Expert meeting")
    BRIEFING = "briefing", _("Briefing")
    SIDE_EVENT = "side_event", _("Side event")
    VIRTUAL = "virtual", _("Virtual meeting")


class MeetingStatus(models.TextChoices):
    """Where a meeting stands. Whether registration is open is a separate flag
    with its own dates, because it opens and closes while a meeting is planned."""

    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class DocumentKind(models.TextChoices):
    AGENDA = "agenda", _("Agenda")
    CONCEPT_NOTE = "concept_note", _("Concept note")
    CHAIRS_SUMMARY = "chairs_summary", _("Chair's summary")
    COMMUNIQUE = "communique", _("Joint communiqué")
    REPORT = "report", _("Report")
    PRESENTATION = "presentation", _("Presentation")
    OTHER = "other", _("Other")


class SessionKind(models.TextChoices):
    OPENING = "opening", _("Opening plenary")
    PLENARY = "plenary", _("Plenary")
    WORKING_GROUP = "working_group", _("Working group")
    PANEL = "panel", _("Panel")
    CLOSING = "closing", _("Closing")
    OTHER = "other", _("Other")


class SessionRoleKind(models.TextChoices):
    """What someone does in a session, as an agenda prints it."""

    CHAIR = "chair", _("Chair")
    MODERATOR = "moderator", _("Moderator")
    FACILITATOR = "facilitator", _("Facilitator")
    SPEAKER = "speaker", _("Speaker")
    PANELLIST = "panellist", _("Panellist")
    PRESENTER = "presenter", _("Presenter")
    RAPPORTEUR = "rapporteur", _("Rapporteur")
    INTERVENTION = "intervention", _("Intervention")


class RegistrationStatus(models.TextChoices):
    """A person's standing for a meeting, from invitation to attendance."""

    INVITED = "invited", _("Invited")
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    CONFIRMED = "confirmed", _("Confirmed")
    ATTENDED = "attended", _("Attended")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


# Registrations that hold one of the meeting's places (counted against capacity).
PLACE_HOLDING_STATUSES = (
    RegistrationStatus.REGISTERED,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.ATTENDED,
)
# Registrations a person may still cancel.
CANCELLABLE_STATUSES = (
    RegistrationStatus.INVITED,
    RegistrationStatus.REGISTERED,
    RegistrationStatus.WAITING,
    RegistrationStatus.CONFIRMED,
)
# Registrations that are over: registering again reuses the row.
ENDED_STATUSES = (RegistrationStatus.DECLINED, RegistrationStatus.CANCELLED)


class CommitmentStatus(models.TextChoices):
    PLEDGED = "pledged", _("Pledged")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


class InvitationStatus(models.TextChoices):
    """A person's answer to an invitation to a meeting."""

    UNANSWERED = "unanswered", _("Not answered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
