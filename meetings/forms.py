"""Forms of the meetings pages: registration, progress updates, commitments.

They collect input and apply the models' static ``clean_*`` rules; the
writes themselves go through meetings.services.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from network.models import Theme

from .choices import CommitmentStatus
from .models import Commitment, CommitmentUpdate, Meeting, Registration


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)


class RegistrationForm(forms.Form):
    """What a member tells the secretariat when registering for a meeting."""

    travel_support = forms.BooleanField(label=_("I ask for travel support"), required=False)
    visa_letter = forms.BooleanField(label=_("I need a visa invitation letter"), required=False)
    arrival_on = forms.DateField(label=_("Arrival"), required=False, widget=DateInput())
    departure_on = forms.DateField(label=_("Departure"), required=False, widget=DateInput())
    access_needs = forms.CharField(
        label=_("Access needs"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Accessibility, dietary or other needs. Only the secretariat sees them."),
    )

    def __init__(self, *args, meeting, **kwargs):
        self.meeting = meeting
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        try:
            Registration.clean_stay(
                self.meeting, cleaned.get("arrival_on"), cleaned.get("departure_on")
            )
        except forms.ValidationError as error:
            self.add_error(None, error)
        return cleaned


class CommitmentUpdateForm(forms.Form):
    """A progress report on a commitment."""

    text = forms.CharField(
        label=_("Progress"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What has been done since the commitment was made."),
    )
    new_status = forms.ChoiceField(
        label=_("New status"),
        required=False,
        choices=[("", _("— unchanged —")), *CommitmentStatus.choices],
    )
    reported_on = forms.DateField(label=_("Date"), widget=DateInput())
    reported_at = forms.ModelChoiceField(
        label=_("Reported at meeting"),
        required=False,
        queryset=Meeting.objects.none(),
        empty_label=_("— not at a meeting —"),
    )

    def __init__(self, *args, commitment, **kwargs):
        self.commitment = commitment
        super().__init__(*args, **kwargs)
        later = Meeting.objects.exclude(pk=commitment.meeting_id)
        if commitment.meeting.start_date:
            later = later.filter(start_date__gt=commitment.meeting.start_date)
        self.fields["reported_at"].queryset = later.order_by("start_date")

    def clean(self):
        cleaned = super().clean()
        rules = (
            lambda: CommitmentUpdate.clean_content(cleaned.get("text"), cleaned.get("new_status")),
            lambda: CommitmentUpdate.clean_reported_at(self.commitment, cleaned.get("reported_at")),
            lambda: CommitmentUpdate.clean_reported_on(self.commitment, cleaned.get("reported_on")),
        )
        for rule in rules:
            try:
                rule()
            except forms.ValidationError as error:
                self.add_error(None, error)
        return cleaned


class CommitmentForm(forms.ModelForm):
    """Staff edit a commitment's text, themes, status and due date."""

    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Commitment
        # One box per language: a single "text" box would show a reader the
        # English fallback and save it as their language's translation.
        fields = [
            "member",
            "meeting",
            "text_en",
            "text_es",
            "text_fr",
            "themes",
            "status",
            "due_on",
        ]
        widgets = {
            "due_on": DateInput(),
            "text_en": forms.Textarea(attrs={"rows": 4}),
            "text_es": forms.Textarea(attrs={"rows": 4}),
            "text_fr": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "text_en": _("Commitment (English, the original)"),
            "text_es": _("Commitment in Spanish"),
            "text_fr": _("Commitment in French"),
        }
