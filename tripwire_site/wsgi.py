"""WSGI entry point (gunicorn tripwire_site.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tripwire_site.settings")

application = get_wsgi_application()
