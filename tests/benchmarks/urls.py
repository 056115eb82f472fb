"""The project's URLs plus /bench/trivial/ (bench_http's baseline view)."""

from django.http import HttpResponse
from django.urls import path

from network.urls import urlpatterns as project_urlpatterns


def trivial(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial), *project_urlpatterns]
