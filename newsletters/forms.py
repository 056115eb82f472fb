"""Forms of the newsletter pages."""

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import Newsletter


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
