"""A real Celery worker on the real broker (Redis in CI). Skipped on the embedded default."""

import os

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.management import call_command

from lms.celery import app, ping_task

BROKER = os.environ.get("CELERY_BROKER_URL", "")
pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(
        not BROKER and not os.environ.get("SALA_REQUIRE_SERVICES"),
        reason="needs CELERY_BROKER_URL (a real broker); .ci/run sets it",
    ),
]


@pytest.fixture
def real_worker(settings):
    """A worker thread consuming the configured broker, with eager mode switched off."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    try:
        with start_worker(app, perform_ping_check=False, shutdown_timeout=30):
            yield
    finally:
        app.conf.task_always_eager = True


def test_task_round_trip_through_worker(real_worker):
    """A task sent to the broker is run by a worker and its answer comes back."""
    result = ping_task.delay()
    assert result.get(timeout=20) == "pong"
    assert result.state == "SUCCESS"


@pytest.mark.django_db
def test_check_services_sees_the_worker(real_worker, capsys):
    """`manage.py check_services` reports the database, cache and a live worker as answering."""
    call_command("check_services", timeout=20)
    out = capsys.readouterr().out
    assert "ok   task queue: a worker answered" in out
    assert "FAIL" not in out
