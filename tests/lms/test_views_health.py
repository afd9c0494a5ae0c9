import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from lms.shell import health


@pytest.mark.django_db
def test_health_endpoint_answers_when_services_up(client):
    """A load balancer asking /health/ gets 200 while the database and cache answer."""
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "services": {"database": True, "cache": True}}


@pytest.mark.django_db
def test_health_endpoint_reports_broken_cache(client, monkeypatch):
    """When the cache stops answering, /health/ says so with 503 instead of pretending."""

    def broken_set(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(health.cache, "set", broken_set)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["services"]["cache"] is False


@pytest.mark.django_db
@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_check_services_fails_without_worker(monkeypatch):
    """With a broker but no worker, `check_services` fails loudly rather than hanging."""

    class NoAnswer:
        def get(self, timeout):
            raise health.CeleryTimeout()

    monkeypatch.setattr(health.ping_task, "delay", lambda: NoAnswer())
    with pytest.raises(CommandError, match="task queue"):
        call_command("check_services", timeout=0.1)
