"""When CI asks for the real services, the suite must really be using them."""

import os

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.skipif(
    not os.environ.get("SALA_REQUIRE_SERVICES"), reason="only when .ci/run asks for the real services"
)


def test_database_is_postgresql():
    """The second CI pass runs every test on PostgreSQL, not on a silent SQLite fallback."""
    assert connection.vendor == "postgresql"


def test_cache_is_redis():
    """Lockout counters and sessions are shared through Redis in the services pass."""
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
