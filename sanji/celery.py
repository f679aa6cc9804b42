"""The Celery app, used when ``CELERY_BROKER_URL`` is set. Its beat runs ``settings.SANJI_PERIODIC_JOBS``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanji.settings")

app = Celery("sanji")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _schedule(sender, **kwargs):
    from django.conf import settings

    for name, _path, seconds in settings.SANJI_PERIODIC_JOBS:
        sender.add_periodic_task(float(seconds), sender.tasks[name].s(), name=name)
