"""Delivery runs in Celery workers, never in the request that wrote the message."""

from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from .choices import DeliveryStatus
from .models import Delivery
from .sending import deliveries_due, delivery_attempt

# Retries after a temporary failure (gateway down, timeout): 30 s, 1, 2, 4 ... minutes, at most an
# hour apart. After the last one the delivery waits (HELD) an hour and the periodic release below
# queues it again, so a long outage delays messages but drops none.
RETRY_FIRST_SECONDS = 30
RETRY_MAX_SECONDS = 60 * 60
MAX_RETRIES = 8
WAIT_AFTER_RETRIES = timedelta(hours=1)


def retry_countdown(retries: int, retry_after: int | None = None) -> int:
    """Seconds before the next try: the backoff, or longer when the gateway asked for longer."""
    return max(min(RETRY_FIRST_SECONDS * 2**retries, RETRY_MAX_SECONDS), retry_after or 0)


def _attempt(delivery_id: int):
    outcome = delivery_attempt(delivery_id=delivery_id)
    for follow_up in outcome.follow_up:  # the next channel after a permanent failure
        delivery_send_task.delay(follow_up)
    return outcome


@shared_task(bind=True, max_retries=MAX_RETRIES, acks_late=True)
def delivery_send_task(self, delivery_id: int) -> str:
    """Send one delivery by its channel (see lms/messaging/sending.py for the at-most-once rule)."""
    outcome = _attempt(delivery_id)
    retries = self.request.retries
    if self.request.is_eager:
        # No worker (development, tests): Celery would run a retry at once but, with
        # CELERY_TASK_EAGER_PROPAGATES, raises it into the request instead. Do what a worker
        # does, without the wait.
        while outcome.retry and retries < self.max_retries:
            retries += 1
            outcome = _attempt(delivery_id)
    if not outcome.retry:
        return outcome.status
    if retries >= self.max_retries:
        Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.QUEUED).update(
            status=DeliveryStatus.HELD, not_before=timezone.now() + WAIT_AFTER_RETRIES
        )
        return DeliveryStatus.HELD
    raise self.retry(countdown=retry_countdown(retries, outcome.retry_after))


@shared_task
def deliveries_release_task() -> int:
    """Queue the deliveries held for the night, or waiting after a long outage, once they are due."""
    released = 0
    while True:
        with transaction.atomic():
            ids = deliveries_due(now=timezone.now())
        for delivery_id in ids:
            delivery_send_task.delay(delivery_id)
        released += len(ids)
        if len(ids) < 1000:
            return released
