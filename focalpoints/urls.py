"""URLs of the members' directory."""

from django.urls import path

from . import views

app_name = "focalpoints"
urlpatterns = [
    path("directory/", views.person_list, name="person_list"),
    path("directory/people/<int:pk>/", views.person_detail, name="person"),
    path("directory/members/<str:key>/", views.member_detail, name="member"),
]
