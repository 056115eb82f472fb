"""Accounts of the members' site: log in by email, log out, password change and reset.

Django's own authentication views with the site's templates; the invitation
that creates an account for a known person lives with the people it links to
(focalpoints.views). Repeated failed logins are locked out by django-axes,
whose lockout page is ``registration/lockout.html``.
"""

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _


class NoColonMixin:
    """Labels without Django's trailing colon, as on every form of the site."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class EmailAuthenticationForm(NoColonMixin, AuthenticationForm):
    """Log in with an email address; the address ignores case, the password does not."""

    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "This email address and password do not match an account. "
            "Check them and try again; the password is case-sensitive."
        ),
    }


class SitePasswordResetForm(NoColonMixin, PasswordResetForm):
    """Password reset whose emails go through the default mailer (Django 6.1 MAILERS)."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class SitePasswordChangeForm(NoColonMixin, PasswordChangeForm):
    """Django's password change, labelled like the rest of the site."""


class SiteSetPasswordForm(NoColonMixin, SetPasswordForm):
    """Django's new password after a reset, labelled like the rest of the site."""


urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=EmailAuthenticationForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(form_class=SitePasswordChangeForm),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=SitePasswordResetForm,
            subject_template_name="registration/password_reset_subject.txt",
            email_template_name="registration/password_reset_email.txt",
            success_url=reverse_lazy("password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=SiteSetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
