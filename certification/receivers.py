"""Listening to the catalogue: a recorded completion issues its certificate, in a Celery task.

The signal comes after the completion's transaction has committed; the task is still queued with
on_commit, so a caller that sends it inside a transaction of its own never has the worker look for
a completion that is not there yet (or that a rollback removes).
"""

from functools import partial

from django.db import transaction
from django.dispatch import receiver

from courses.signals import course_completed

from .tasks import certificate_issue_task


@receiver(course_completed, dispatch_uid="certification.certificate_issue")
def certificate_issue_queue(sender, completion_id: int, **kwargs) -> None:
    transaction.on_commit(partial(certificate_issue_task.delay, completion_id))
