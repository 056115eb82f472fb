"""The project's WSGI application plus one trivial view, for bench_http: the
same gunicorn serves the site, a static file (WhiteNoise) and a view that
only returns "ok" through the whole middleware stack."""

import os

import django
from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network.settings")
django.setup(set_prefix=False)
settings.ROOT_URLCONF = "tests.benchmarks.urls"
application = get_wsgi_application()
