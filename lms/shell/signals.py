"""After `migrate`, django-celery-beat holds the periodic tasks as lms/celery.py declares them."""

from .schedules import schedules_sync


def schedules_sync_after_migrate(sender, **kwargs):
    """Runs when `migrate` (or `flush`) is done with django-celery-beat's tables."""
    schedules_sync()
