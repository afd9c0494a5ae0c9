"""Is each service the platform depends on answering? Used by /health/ and `check_services`."""

import uuid
from dataclasses import dataclass

from celery.exceptions import TimeoutError as CeleryTimeout
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from lms.celery import ping_task


@dataclass(frozen=True)
class ServiceStatus:
    name: str
    ok: bool
    detail: str


def database_status() -> ServiceStatus:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any driver error means "down"; the detail says which
        return ServiceStatus("database", False, f"{connection.vendor}: {error}")
    return ServiceStatus("database", True, connection.vendor)


def cache_status() -> ServiceStatus:
    key, value = f"health:{uuid.uuid4().hex}", uuid.uuid4().hex
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    try:
        cache.set(key, value, timeout=10)
        ok = cache.get(key) == value
        cache.delete(key)
    except Exception as error:
        return ServiceStatus("cache", False, f"{backend}: {error}")
    return ServiceStatus("cache", ok, backend if ok else f"{backend}: value did not round-trip")


def task_queue_status(timeout: float = 10.0) -> ServiceStatus:
    """Send a ping task and wait for a worker's answer (in-process when Celery is eager)."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return ServiceStatus("task queue", ping_task.delay().get() == "pong", "eager (in-process)")
    try:
        answer = ping_task.delay().get(timeout=timeout)
    except CeleryTimeout:
        return ServiceStatus("task queue", False, f"no worker answered within {timeout:g} s")
    except Exception as error:
        return ServiceStatus("task queue", False, str(error))
    return ServiceStatus("task queue", answer == "pong", "a worker answered")
