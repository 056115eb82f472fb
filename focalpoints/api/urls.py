"""The directory's API resources and its Popolo export (registered by
network.api.routers.build_api_urls)."""

from django.urls import path

from .popolo import PopoloExportView
from .views import AppointmentViewSet, PersonViewSet

routes = [
    ("people", PersonViewSet, "person"),
    ("appointments", AppointmentViewSet, "appointment"),
]
urlpatterns = [
    path("popolo.json", PopoloExportView.as_view(), name="popolo"),
]
