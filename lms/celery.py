"""The Celery application.

Without a broker configured (the development default) tasks run eagerly in-process, so
`make run` needs no Redis. With ``CELERY_BROKER_URL`` set, tasks go to real workers.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

app = Celery("lms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="lms.ping")
def ping_task():
    """Answer "pong": lets `manage.py check_services` prove a worker is consuming the queue."""
    return "pong"
