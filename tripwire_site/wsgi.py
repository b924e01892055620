"""WSGI entry point (gunicorn tripwire_site.wsgi): Django, with the MCP transport on `/mcp`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tripwire_site.settings")

django_application = get_wsgi_application()

from agents.http import with_mcp  # noqa: E402  (needs the apps loaded above)

application = with_mcp(django_application)
