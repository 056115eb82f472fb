"""URLs of the meetings app: meetings, calendars, registration, commitments."""

from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("meetings/", views.meeting_list, name="meeting_list"),
    # Before "<slug>/", so that no meeting slug can hide it.
    path("meetings/my-registrations/", views.my_registrations, name="my_registrations"),
    path("meetings/invitations/<str:token>/", views.invitation_reply, name="invitation"),
    path("meetings/<slug:slug>/", views.meeting_detail, name="meeting"),
    path("meetings/<slug:slug>/calendar.ics", views.meeting_calendar, name="meeting_calendar"),
    path(
        "meetings/<slug:slug>/sessions/<int:pk>.ics",
        views.session_calendar,
        name="session_calendar",
    ),
    path("meetings/<slug:slug>/register/", views.register, name="register"),
    path("meetings/<slug:slug>/register/cancel/", views.cancel_registration, name="cancel"),
    path("meetings/<slug:slug>/follow-up/", views.follow_up, name="follow_up"),
    path("meetings/<slug:slug>/follow-up.csv", views.follow_up_csv, name="follow_up_csv"),
    path("meetings/<slug:slug>/follow-up.pdf", views.follow_up_pdf, name="follow_up_pdf"),
    path("commitments/", views.commitment_list, name="commitment_list"),
    path("commitments/<int:pk>/", views.commitment_detail, name="commitment"),
    path("commitments/<int:pk>/edit/", views.commitment_edit, name="commitment_edit"),
]
