"""Every secret and address the platform reads from the environment, in one place."""

import os
import re
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not (value.isascii() and value.isdigit()):
        raise ImproperlyConfigured(f"{name} must be a whole number (got {value!r}).")
    return int(value)


def env_path(name: str) -> Path | None:
    """An absolute folder, or None when unset; a relative one would depend on where a process starts."""
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    path = Path(value).expanduser()
    if not path.is_absolute():
        raise ImproperlyConfigured(f"{name} must be an absolute path (got {value!r}).")
    return path


def env_keys(name: str) -> dict[int, str]:
    """Numbered secrets, `2:<secret>,1:<older secret>`, as {version: secret}; empty when unset.

    Errors name the variable and the version, never a secret.
    """
    keys: dict[int, str] = {}
    for item in env_list(name):
        version, _colon, secret = item.partition(":")
        version, secret = version.strip(), secret.strip()
        if not (version.isascii() and version.isdigit() and int(version) > 0 and secret):
            raise ImproperlyConfigured(
                f"{name} lists keys as <version>:<secret>, e.g. 2:<new>,1:<old> (versions 1 and up)."
            )
        if int(version) in keys:
            raise ImproperlyConfigured(f"{name} names key version {version} twice.")
        if len(secret) < 32:
            raise ImproperlyConfigured(
                f"{name}: key version {version} is too short; use at least 32 random characters."
            )
        keys[int(version)] = secret
    return keys


SECRET_KEY = env_str("SECRET_KEY")
# The keys of PIN hashes (lms/accounts/hashers.py); kept out of the database on purpose.
PIN_KEYS = env_keys("SALA_PIN_KEYS")
DATABASE_URL = env_str("DATABASE_URL")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND") or CELERY_BROKER_URL
REDIS_URL = env_str("REDIS_URL")
# Seconds before Redis hands a task nobody acknowledged (its worker died) to another worker. Longer
# than any task runs, or a slow task is run twice; tests of killed workers make it short.
CELERY_VISIBILITY_TIMEOUT = env_int("SALA_CELERY_VISIBILITY_TIMEOUT", 3600)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
BASE_URL = env_str("BASE_URL", "http://127.0.0.1:8000")
H5P_FILES_URL = env_str("SALA_H5P_FILES_URL")
MEDIA_ROOT = env_path("MEDIA_ROOT")
STATIC_ROOT = env_path("STATIC_ROOT")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Sala <noreply@localhost>")
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
# Messages (lms/messaging): the SMS backend and the HTTP gateway it posts to.
SMS_BACKEND = env_str("SALA_SMS_BACKEND")
SMS_URL = env_str("SALA_SMS_URL")
SMS_USERNAME = env_str("SALA_SMS_USERNAME")
SMS_PASSWORD = env_str("SALA_SMS_PASSWORD")
SMS_SENDER = env_str("SALA_SMS_SENDER", "Sala")
SMS_MONTHLY_PARTS = env_int("SALA_SMS_MONTHLY_PARTS", 0)
# Telegram (lms/messaging/telegram.py): off while SALA_TELEGRAM_BOT_TOKEN is unset.
TELEGRAM_API_URL = env_str("SALA_TELEGRAM_API_URL", "https://api.telegram.org")
TELEGRAM_BOT_TOKEN = env_str("SALA_TELEGRAM_BOT_TOKEN")
TELEGRAM_BOT_USERNAME = env_str("SALA_TELEGRAM_BOT_USERNAME").strip().lstrip("@")
TELEGRAM_WEBHOOK_SECRET = env_str("SALA_TELEGRAM_WEBHOOK_SECRET")
if TELEGRAM_BOT_TOKEN:
    if not TELEGRAM_BOT_USERNAME:
        raise ImproperlyConfigured("SALA_TELEGRAM_BOT_USERNAME must name the bot (from BotFather) when a token is set.")
    # Telegram sends this back in a header of every update: 1-256 characters, A-Z a-z 0-9 _ -.
    if not re.fullmatch(r"[A-Za-z0-9_-]{32,256}", TELEGRAM_WEBHOOK_SECRET):
        raise ImproperlyConfigured(
            "SALA_TELEGRAM_WEBHOOK_SECRET must be 32 to 256 random characters among A-Z a-z 0-9 _ - "
            "when a Telegram bot token is set."
        )
# Production only: HTTPS redirect and how long browsers remember to use HTTPS.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
