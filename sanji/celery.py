"""The Celery app, used when ``CELERY_BROKER_URL`` is set. Its beat runs ``settings.CELERY_BEAT_SCHEDULE``,
which is ``settings.SANJI_PERIODIC_JOBS`` in Celery's words."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanji.settings")

app = Celery("sanji")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

