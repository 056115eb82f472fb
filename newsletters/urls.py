"""URLs of the newsletters app, all under /newsletters/."""

from django.urls import include, path

from . import views
from .feeds import IssueFeed

app_name = "newsletters"
urlpatterns = [
    path("newsletters/", views.subscribe, name="subscribe"),
    path("newsletters/subscribed/", views.subscribe_done, name="subscribe_done"),
    path("newsletters/confirm/<str:key>/", views.confirm, name="confirm"),
    path("newsletters/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path(
        "newsletters/optional-mail/unsubscribe/<str:token>/",
        views.optional_mail_unsubscribe,
        name="optional_mail_unsubscribe",
    ),
    path(
        "newsletters/subscription/<str:token>/language/",
        views.change_language,
        name="change_language",
    ),
    path(
        "newsletters/subscription/<str:token>/resubscribe/",
        views.resubscribe,
        name="resubscribe",
    ),
    path("newsletters/archive/", views.archive, name="archive"),
    path(
        "newsletters/archive/<slug:slug>/<int:number>/",
        views.issue_edition,
        name="issue_edition",
    ),
    path(
        "newsletters/archive/<slug:slug>/<int:number>/<str:language>/",
        views.issue_detail,
        name="issue",
    ),
    path("newsletters/feed/", IssueFeed(), name="feed"),
    path("newsletters/feed/<str:language>/", IssueFeed(), name="feed_language"),
    path("newsletters/entries/", views.entry_list, name="entry_list"),
    path("newsletters/entries/<int:pk>/", views.entry_detail, name="entry"),
    path("newsletters/propose/", views.propose, name="propose"),
    path("newsletters/webhooks/bounces/", views.bounce_webhook, name="bounce_webhook"),
    # django-anymail's tracking webhooks: /newsletters/anymail/<provider>/tracking/,
    # for the configured providers only (ANYMAIL_WEBHOOK_PROVIDERS).
    path(
        "newsletters/anymail/",
        include((views.anymail_tracking_patterns(), "anymail")),
    ),
]
