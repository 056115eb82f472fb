"""URLs of the members' directory, the member pages, invitations and verification links."""

from django.urls import path

from . import views

app_name = "focalpoints"
urlpatterns = [
    path("directory/", views.person_list, name="person_list"),
    path("directory/people/<int:pk>/", views.person_detail, name="person"),
    path("directory/people/<int:pk>/vcard/", views.person_vcard_download, name="person_vcard"),
    path("directory/profile/", views.profile, name="profile"),
    path("directory/profile/confirm/", views.confirm_own_details, name="profile_confirm"),
    path("directory/verification/", views.verification_list, name="verification_list"),
    path("directory/confirm/<str:token>/", views.verify_by_link, name="verification"),
    path("accounts/invitation/<str:token>/", views.accept_invitation, name="invitation"),
]
