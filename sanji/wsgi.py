"""WSGI entry point: ``gunicorn sanji.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanji.settings")
application = get_wsgi_application()
