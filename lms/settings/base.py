"""Settings shared by every environment. Secrets and addresses come from `environment.py`."""

from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.conf import global_settings
from django.utils.translation import gettext_lazy as _

from . import environment as env

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

SECRET_KEY = env.SECRET_KEY
DEBUG = False
ALLOWED_HOSTS = env.ALLOWED_HOSTS
CSRF_TRUSTED_ORIGINS = env.CSRF_TRUSTED_ORIGINS

INSTALLED_APPS = [
    # Platform core
    "lms.people",
    "lms.accounts",
    "lms.messaging",
    "lms.shell",
    "lms.demo",
    "lms.access",
    # Feature apps
    "media",
    "courses",
    "certification",
    "seminars",
    # Wagtail
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtailmedia",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "lms.people.apps.SalaUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Libraries
    "csp",
    "import_export",
    "django_celery_beat",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # First, so that on the way out it sees the cookies every middleware below has added.
    "lms.shell.middleware.NoCookiesInSharedCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise, which answers static files (compressed at build time) before it; above
    # every middleware that sets a header or the body. Text only: see media/compression.py, which
    # says why compressed pages are safe from BREACH (CSRF tokens are masked for every response).
    "media.compression.TextGZipMiddleware",
    "lms.shell.middleware.SiteCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Finds a catalogue page in two queries instead of two per level (courses/routing.py).
    "courses.routing.PageRouteMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "lms.shell.context_processors.languages",
                "lms.messaging.context_processors.unread_messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env.DATABASE_URL or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=0 if not env.DATABASE_URL else 60,
        conn_health_checks=bool(env.DATABASE_URL),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Sala's database is on SSD or in memory, where a random read costs little more than a
    # sequential one. PostgreSQL's default (4, for spinning disks) makes it read all 600,000
    # enrolments rather than look up one factory's few thousand by index.
    # Added to any options the database URL already carries, not in their place.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c random_page_cost=1.1".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if env.REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env.REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "sala"}}

AUTH_USER_MODEL = "people.Person"
# The only backend: every password form (Sala's, the admin's, Wagtail's) goes through the same
# address throttle and account lockout as PIN sign-in.
AUTHENTICATION_BACKENDS = ["lms.accounts.backends.SignInBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Staff passwords use Django's strong default (the first). PINs use the keyed hash of
# lms/accounts/hashers.py, listed last so that no password is ever written with it.
PASSWORD_HASHERS = [*global_settings.PASSWORD_HASHERS, "lms.accounts.hashers.PinHasher"]
# {version: secret}; the highest version hashes new PINs. Unset only in development and tests.
SALA_PIN_KEYS = env.PIN_KEYS
LOGIN_URL = "accounts:login"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
WAGTAILADMIN_USER_LOGIN_FORM = "lms.accounts.forms.AdminSignInForm"
LOGIN_REDIRECT_URL = "shell:home"
LOGOUT_REDIRECT_URL = "shell:home"

# Languages: English is the source; Khmer first for most learners; Chinese for managers.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("km", _("Khmer")),
    ("zh-hans", _("Chinese (Simplified)")),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "lms" / "locale"]
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
TIME_ZONE = "Asia/Phnom_Penh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.STATIC_ROOT or VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "lms" / "static"]
# The H5P player (npm package h5p-standalone, installed by make), served as our own static files.
H5P_PLAYER_DIR = BASE_DIR / "node_modules" / "h5p-standalone" / "dist"
if H5P_PLAYER_DIR.exists():
    STATICFILES_DIRS.append(("h5p-standalone", H5P_PLAYER_DIR))
# The QR decoder the attendance register loads where the browser has no BarcodeDetector (npm jsqr).
QR_DECODER_DIR = BASE_DIR / "node_modules" / "jsqr" / "dist"
if QR_DECODER_DIR.exists():
    STATICFILES_DIRS.append(("jsqr", QR_DECODER_DIR))
# Served only through lms.shell's public upload view (see lms/urls.py), never wholesale.
MEDIA_URL = "/uploads/"
MEDIA_ROOT = env.MEDIA_ROOT or VAR_DIR / "uploads"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Celery: eager (in-process) unless a broker is configured.
CELERY_BROKER_URL = env.CELERY_BROKER_URL or "memory://"
CELERY_RESULT_BACKEND = env.CELERY_RESULT_BACKEND or None
CELERY_TASK_ALWAYS_EAGER = not env.CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Tasks are acknowledged when they finish (acks_late): a worker that dies leaves its task in Redis,
# which gives it to another worker after `visibility_timeout` seconds. Workers look for such tasks
# every 10 seconds (kombu's interval), on every look rather than kombu's every tenth; and the lock a
# worker holds while looking expires within the visibility timeout, so a worker killed while
# holding it (kombu's default: 5 minutes) holds the others back no longer than a lost task waits.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.CELERY_VISIBILITY_TIMEOUT,
    "unacked_restore_throttle": 1,
    "unacked_mutex_expire": min(300, env.CELERY_VISIBILITY_TIMEOUT),
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# Wagtail
WAGTAIL_SITE_NAME = "Sala"
WAGTAILADMIN_BASE_URL = env.BASE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# The admin calls no outside service: no avatars from gravatar.com (they would reveal staff email
# hashes), no version check against releases.wagtail.org.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Sign-in for workers: PIN lockout and per-address throttling (lms/accounts/throttle.py). An
# address may fail SALA_ADDRESS_MAX_FAILURES times in a window, plus a quarter of a failure for
# each different person who signs in from it (a factory's Wi-Fi); a wrong try followed by the
# right one in the same browser is not counted.
SALA_PIN_MAX_ATTEMPTS = 5
SALA_PIN_LOCKOUT_MINUTES = 15
SALA_ADDRESS_MAX_FAILURES = 30
SALA_ADDRESS_CREDIT_PER_PERSON = 0.25
SALA_ADDRESS_WINDOW_MINUTES = 15
SALA_ACTIVATION_CODE_DAYS = 30

# The public certificate verify page (certification/views/verify.py): each address may look up this
# many codes per window of minutes (fixed windows of the clock, counted in the cache), then it waits.
SALA_VERIFY_MAX_LOOKUPS = 60
SALA_VERIFY_WINDOW_MINUTES = 10

# Roster files: refused before heavy work when larger. The largest factory has ~10,000 workers.
SALA_ROSTER_MAX_BYTES = 20 * 1024 * 1024
SALA_ROSTER_MAX_ROWS = 20_000
SALA_ROSTER_MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # an .xlsx is a zip: its contents, unpacked
SALA_ROSTER_ERRORS_SHOWN = 50

# Exports of training records: up to this many rows the file is made while the request waits
# (streamed); a larger one is prepared by a Celery task, with its progress shown, and kept for its
# owner only, for this many hours.
SALA_EXPORT_ROWS_IN_REQUEST = 20_000
SALA_EXPORT_KEPT_HOURS = 24

# H5P packages: limits checked before anything is extracted, and where the player fetches package
# files from. Package code is kept away from the learner's session by the sandboxed player page
# (media.views.h5p_player), whatever this says; another origin here only adds a second wall and
# takes the files off the application.
SALA_H5P_MAX_PACKAGE_BYTES = 100 * 1024 * 1024
SALA_H5P_MAX_ENTRIES = 3000
SALA_H5P_MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
SALA_H5P_FILES_URL = env.H5P_FILES_URL or "/h5p/"

# Content-Security-Policy (django-csp): Sala's pages run only scripts and styles from its own
# static files, so an injected <script> or on… attribute does nothing. Views that set their own
# header keep it (H5P files, the H5P player's page).
_h5p_files = urlsplit(SALA_H5P_FILES_URL)
H5P_FILES_ORIGINS = [f"{_h5p_files.scheme}://{_h5p_files.netloc}"] if _h5p_files.netloc else []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "frame-src": [SELF, *H5P_FILES_ORIGINS],  # the sandboxed H5P player page
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}
# Added under /admin/ only, checked in a browser: Wagtail's widgets print inline <script>
# initialisers, its editors add <style> elements and style attributes, and image uploads preview
# as blob: pictures. Inline event-handler attributes stay refused there too.
SALA_ADMIN_CSP_UPDATE = {
    "script-src-elem": [SELF, UNSAFE_INLINE],
    "script-src-attr": [NONE],
    "style-src-elem": [SELF, UNSAFE_INLINE],
    "style-src-attr": [UNSAFE_INLINE],
    "img-src": ["blob:"],
}

# Messages (lms/messaging, README "Messages"). SMS goes through SALA_SMS_BACKEND: the console in
# development, `lms.messaging.sms.HttpGatewayBackend` (SALA_SMS_URL, _USERNAME, _PASSWORD, _SENDER)
# in production. SALA_SMS_MONTHLY_PARTS caps the SMS parts handed to the gateway each calendar
# month (0: no cap). No SMS or Telegram message goes out during SALA_QUIET_HOURS (Phnom Penh time):
# they are held until the quiet hours end (None: no quiet hours, as in development).
SALA_SMS_BACKEND = env.SMS_BACKEND or "lms.messaging.sms.ConsoleBackend"
SALA_SMS_URL = env.SMS_URL
SALA_SMS_USERNAME = env.SMS_USERNAME
SALA_SMS_PASSWORD = env.SMS_PASSWORD
SALA_SMS_SENDER = env.SMS_SENDER
SALA_SMS_TIMEOUT_SECONDS = 10
SALA_SMS_MONTHLY_PARTS = env.SMS_MONTHLY_PARTS
SALA_QUIET_HOURS = ("21:00", "06:30")

# Telegram (lms/messaging/telegram.py, README "Telegram"): the Bot API, the bot's token and name, and the
# secret Telegram sends back with every update. Without a token Telegram is off.
SALA_TELEGRAM_API_URL = env.TELEGRAM_API_URL
SALA_TELEGRAM_BOT_TOKEN = env.TELEGRAM_BOT_TOKEN
SALA_TELEGRAM_BOT_USERNAME = env.TELEGRAM_BOT_USERNAME
SALA_TELEGRAM_WEBHOOK_SECRET = env.TELEGRAM_WEBHOOK_SECRET
SALA_TELEGRAM_TIMEOUT_SECONDS = 10

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"lms": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
