"""Production: everything from the environment; passes `manage.py check --deploy`."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

if not env.SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment.")
if not env.DATABASE_URL:
    raise ImproperlyConfigured("Set DATABASE_URL in the environment (PostgreSQL).")

DEBUG = False
SECRET_KEY = env.SECRET_KEY
ALLOWED_HOSTS = env.ALLOWED_HOSTS

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env.env_str("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

if env.env_str("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env.env_str("EMAIL_HOST")
    EMAIL_PORT = int(env.env_str("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env.env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env.env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = True
