"""Accounts of the members' site: log in by email, log out, password change and reset.

Django's own authentication views with the site's templates; the invitation
that creates an account for a known person lives with the people it links to
(focalpoints.views). Repeated failed logins are locked out by django-axes,
whose lockout page is ``registration/lockout.html``.

A user with a confirmed second-factor device gives its code after the
password (``/accounts/login/code/``); until then the session has no staff
powers anywhere (network.core.visibility.staff_is_verified).
"""

import django_otp
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.contrib.auth.tokens import default_token_generator
from django.shortcuts import redirect, render
from django.tasks import task
from django.urls import path, reverse, reverse_lazy
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import url_has_allowed_host_and_scheme, urlencode, urlsafe_base64_encode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import user_has_device
from django_otp.forms import OTPTokenForm

from network.core.security import SingleDeviceMixin, normalise_login


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

    def clean_username(self):
        # The one form django-axes counts failures under (AXES_USERNAME_CALLABLE).
        return normalise_login(self.cleaned_data["username"])


class SiteLoginView(auth_views.LoginView):
    """The password step; a user with a second-factor device goes on to give
    its code, keeping where they were going."""

    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        if user_has_device(form.get_user(), confirmed=True):
            query = urlencode({"next": self.get_success_url()})
            return redirect(f"{reverse('login_code')}?{query}")
        return response


class LoginCodeForm(NoColonMixin, SingleDeviceMixin, OTPTokenForm):
    """The code of the user's authenticator app (their only device is chosen)."""

    def __init__(self, user, request=None, *args, **kwargs):
        super().__init__(user, request, *args, **kwargs)
        self.fields["otp_device"].required = False
        self.fields["otp_device"].widget = forms.HiddenInput()
        self.fields["otp_token"].label = _("Code from your authenticator app")
        self.fields["otp_token"].widget.attrs.update(
            {"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        )


@never_cache
@login_required
def login_code(request):
    """The second step of a login: the code of the user's device verifies the
    session (django-otp), which then has the user's staff powers."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = ""
    target = target or reverse("network:home")
    user = request.user
    if user.is_verified() or not user_has_device(user, confirmed=True):
        return redirect(target)
    form = LoginCodeForm(user, request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        django_otp.login(request, user.otp_device)
        # A session that gains powers gets a new key (no fixation across the step).
        request.session.cycle_key()
        return redirect(target)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "registration/login_code.html", {"form": form, "next": target}, status=status
    )


class SitePasswordResetForm(NoColonMixin, PasswordResetForm):
    """Password reset whose emails go through the default mailer (Django 6.1 MAILERS).

    The email is sent by a background task (``send_password_reset``): the
    request does the same work for a known and an unknown address, so its
    answer time tells nobody whether an account exists."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def save(self, domain_override=None, use_https=False, request=None, **kwargs):
        domain = domain_override or (request.get_host() if request is not None else "")
        for user in self.get_users(self.cleaned_data["email"]):
            send_password_reset.enqueue(
                user_id=user.pk,
                domain=domain,
                use_https=use_https,
                language=get_language() or settings.LANGUAGE_CODE,
            )


@task(queue_name="default")
def send_password_reset(user_id, domain, use_https, language):
    """The password-reset email of one account, with a fresh link (the token is
    made here, from the account as it is when the mail leaves)."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password():
        return "skipped"
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": domain,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": "https" if use_https else "http",
    }
    with translation.override(language):
        SitePasswordResetForm().send_mail(
            "registration/password_reset_subject.txt",
            "registration/password_reset_email.txt",
            context,
            None,
            user.email,
        )
    return "sent"


class SitePasswordChangeForm(NoColonMixin, PasswordChangeForm):
    """Django's password change, labelled like the rest of the site."""


class SiteSetPasswordForm(NoColonMixin, SetPasswordForm):
    """Django's new password after a reset, labelled like the rest of the site."""


urlpatterns = [
    path("login/", SiteLoginView.as_view(), name="login"),
    path("login/code/", login_code, name="login_code"),
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
