"""Development: embedded SQLite and eager Celery unless the environment says otherwise."""

from .base import *  # noqa: F403
from .base import env

DEBUG = True
# A development-only key; production refuses to start without SECRET_KEY in the environment.
SECRET_KEY = env.SECRET_KEY or "dev-only-not-secret"
ALLOWED_HOSTS = env.ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]

# Serve static files straight from the app folders; no collectstatic needed.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The console prints SMS and Telegram messages at any hour in development, so trying Sala at night
# shows them at once; production holds them during SALA_QUIET_HOURS (base.py) until the morning.
SALA_QUIET_HOURS = None
