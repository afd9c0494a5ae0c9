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

# Every periodic task, in one place: name -> the task and when it runs (crontab fields; times in
# CELERY_TIMEZONE, Phnom Penh). After each `migrate`, lms/shell/schedules.py writes this into
# django-celery-beat's tables (the beat process reads them there) and removes a schedule that is
# no longer listed here.
SCHEDULES = {
    # Sessions live in the database (cached_db); Django never deletes expired ones by itself.
    "Clear expired sign-in sessions": {
        "task": "lms.shell.tasks.sessions_clear_expired_task",
        "crontab": {"minute": "30", "hour": "3"},
    },
    # Prepared exports are kept for a day (SALA_EXPORT_KEPT_HOURS) for the person who asked.
    "Delete expired exports": {
        "task": "lms.shell.tasks.export_jobs_expire_task",
        "crontab": {"minute": "15", "hour": "*"},
    },
    # SMS and Telegram messages held for the night (until 06:30) or waiting out a long gateway outage.
    "Release held messages": {
        "task": "lms.messaging.tasks.deliveries_release_task",
        "crontab": {"minute": "*/5", "hour": "*"},
    },
    # The day-before reminder of training sessions; each person hears it once (the message's key).
    "Remind people of tomorrow's training sessions": {
        "task": "seminars.tasks.session_reminders_send_task",
        "crontab": {"minute": "*/15", "hour": "*"},
    },
    # Certificates a lost task missed and files not drawn, renewal reminders (holders and factory
    # HR) and enrolling holders again on expiry; each step changes nothing when run twice a day.
    "Certificates: issue missed ones, renewal reminders, re-enrol on expiry": {
        "task": "certification.tasks.certificates_daily_task",
        "crontab": {"minute": "0", "hour": "7"},
    },
}


@app.task(name="lms.ping")
def ping_task():
    """Answer "pong": lets `manage.py check_services` prove a worker is consuming the queue."""
    return "pong"
