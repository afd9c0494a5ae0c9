"""Tests: the embedded default, or PostgreSQL + Redis when DATABASE_URL / REDIS_URL are set."""

import os

from .base import *  # noqa: F403
from .base import CACHES, env

SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# A fast hasher keeps the suite quick; production keeps Django's strong default (PBKDF2). PINs use
# the real PIN hasher, with a key of the tests' own.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", "lms.accounts.hashers.PinHasher"]
SALA_PIN_KEYS = {1: "test-only-pin-key-not-secret-0123456789"}
# Services in tests run in-process; the worker test starts a real worker on the broker itself.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = env.CELERY_BROKER_URL or "memory://"
SALA_SMS_BACKEND = "lms.messaging.sms.LocmemBackend"
# The hour a test runs at must not decide its result: tests of the quiet hours set them themselves.
SALA_QUIET_HOURS = None
MEDIA_ROOT = BASE_DIR / "var" / "test-uploads"  # noqa: F405
# `make test` runs the suite in several processes (pytest-xdist names them gw0, gw1, ...). They share
# CI's one Redis database, so each keeps its cache keys under a prefix of its own, and tests clear
# only their own keys (tests/conftest.py) instead of flushing the others' lockout counters.
CACHES = {"default": {**CACHES["default"], "KEY_PREFIX": f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"}}

# Serve static files straight from the app folders; no collectstatic needed.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The page editor pings the server every 10 s to show who else is editing. In the browser tests a
# ping can land while the test's database is being reset; nothing here tests concurrent editing.
WAGTAIL_EDITING_SESSION_PING_INTERVAL = 10 * 60 * 1000
