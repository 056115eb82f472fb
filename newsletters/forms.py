"""Forms of the newsletter pages."""

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from network.models import Member, Theme

from .choices import EntryKind
from .models import Entry, Newsletter


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    language = forms.ChoiceField(
        label=_("Language of the newsletter"),
        choices=settings.LANGUAGES,
        help_text=_("Where an issue exists in this language you receive it in it."),
    )
    newsletter = forms.ModelChoiceField(
        label=_("Newsletter"),
        queryset=Newsletter.objects.filter(open_for_subscription=True),
        to_field_name="slug",
        empty_label=None,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = (get_language() or "en").split("-")[0]
        if language in dict(settings.LANGUAGES):
            self.fields["language"].initial = language
        newsletters = list(self.fields["newsletter"].queryset)
        if len(newsletters) == 1:
            self.fields["newsletter"].initial = newsletters[0].slug
            self.fields["newsletter"].widget = forms.HiddenInput()


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the newsletter"), choices=settings.LANGUAGES)


class ProposalForm(forms.ModelForm):
    """A member's proposal of a newsletter entry: what it is, where to read it,
    whom it concerns, its themes and deadline. The fields are the service's
    (newsletters.services.PROPOSAL_FIELDS plus themes)."""

    # Events reach the calendar through meetings; members propose the rest.
    PROPOSABLE_KINDS = [
        EntryKind.RESEARCH,
        EntryKind.BEST_PRACTICE,
        EntryKind.FUNDING,
        EntryKind.CAPACITY_BUILDING,
        EntryKind.NATIONAL_INITIATIVE,
        EntryKind.REGIONAL_INITIATIVE,
    ]

    member = forms.ModelChoiceField(
        label=_("Member concerned"),
        queryset=Member.objects.filter(active=True).order_by("name"),
        required=False,
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Entry
        fields = ["kind", "title", "summary", "link", "member", "themes", "deadline", "language"]
        widgets = {
            "deadline": forms.DateInput(attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {"deadline": _("For an opportunity: its closing date (YYYY-MM-DD).")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in self.PROPOSABLE_KINDS]
        self.fields["link"].required = True
        language = (get_language() or "en").split("-")[0]
        if language in dict(settings.LANGUAGES):
            self.fields["language"].initial = language
