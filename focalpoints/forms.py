"""Forms of the members' site: one's own profile, a verification by link, an invitation."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from network.accounts import NoColonMixin
from network.models import Language, Theme

from .models import Person
from .services import SELF_SERVICE_FIELDS

# Digits with the separators people write (+34 91 379 97 00, (212) 555-0100,
# +41 22 917 1234 ext. 12); at least six digits.
PHONE_PATTERN = re.compile(r"^\+?[\d\s().\-/]+(\s*(ext\.?|x)\s*\d+)?$", re.IGNORECASE)


def clean_phone_number(value):
    """A phone number as people write it, with at least six digits; '' is allowed."""
    value = " ".join((value or "").split())
    if value and (not PHONE_PATTERN.match(value) or sum(c.isdigit() for c in value) < 6):
        raise ValidationError(
            _(
                "Enter a phone number with digits, spaces and + ( ) - . / only, "
                "e.g. +34 913 799 700."
            ),
            code="invalid_phone",
        )
    return value


class LanguageChoiceField(forms.ModelMultipleChoiceField):
    """Working languages, named in the reader's language."""

    def label_from_instance(self, language):
        try:
            return get_language_info(language.code)["name_translated"]
        except KeyError:
            return language.name


class ProfileForm(NoColonMixin, forms.ModelForm):
    """What a person may change in their own entry (services.SELF_SERVICE_FIELDS)."""

    languages = LanguageChoiceField(
        queryset=Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Working languages"),
    )
    expertise = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Expertise"),
    )

    class Meta:
        model = Person
        fields = list(SELF_SERVICE_FIELDS)
        labels = {
            "email": _("Email address"),
            "phone": _("Phone"),
            "bio": _("Short biography"),
            "public_listing": _("List my name and posts on the network's public pages"),
        }
        help_texts = {
            "email": _("Seen by members of the network and the secretariat, never by the public."),
            "phone": _("Seen by members of the network and the secretariat, never by the public."),
            "gender": _("Optional. Seen only by you and the secretariat, for its statistics."),
            "bio": _("A few lines on your work, seen by members of the network."),
            "public_listing": _(
                "Without your consent the public sees neither your name nor your posts; "
                "members of the network always do. Your email address and phone number are "
                "never public."
            ),
        }
        widgets = {
            "honorific": forms.TextInput(attrs={"autocomplete": "honorific-prefix"}),
            "given_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "family_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "bio": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        languages = self.fields["languages"]
        # Sorted by their name in the reader's language, not the stored English one.
        choices = sorted(languages.choices, key=lambda choice: str(choice[1]).casefold())
        languages.choices = choices

    def clean_phone(self):
        return clean_phone_number(self.cleaned_data.get("phone"))

    def changes(self):
        """The cleaned values of the fields the person changed, for the services."""
        return {name: self.cleaned_data[name] for name in self.changed_data if name in self.fields}


class VerificationForm(ProfileForm):
    """A person confirms or corrects their entry through a signed link."""

    message = forms.CharField(
        label=_("Anything else the secretariat should correct"),
        help_text=_("For example a post you no longer hold, or your successor's name."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def changes(self):
        changed = super().changes()
        changed.pop("message", None)
        return changed


class InvitationForm(NoColonMixin, SetPasswordForm):
    """Choose the password of the account an invitation opens.

    The account does not exist yet: the password is checked against an
    unsaved user with the invited address, so the validators can compare them.
    """

    def __init__(self, email, *args, **kwargs):
        super().__init__(get_user_model()(email=email), *args, **kwargs)
        self.fields["new_password1"].label = _("Password")
        self.fields["new_password2"].label = _("Password again")
