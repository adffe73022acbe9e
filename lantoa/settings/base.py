"""Settings shared by every environment; everything site-specific comes from the environment.

See the "Environment settings" table in README.md for each variable.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "lantoa"
VAR_DIR = Path(os.environ.get("LANTOA_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """The SECRET_KEY from the environment, else one generated once and kept in var/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Demo mode creates one account per role with a printed password (see `load_demo`).
LANTOA_DEMO = env_bool("LANTOA_DEMO", False)

INSTALLED_APPS = [
    "lantoa.core",
    "lantoa.directory",
    "lantoa.plans",
    "lantoa.portal",
    "lantoa.library",
    "lantoa.reporting",
    "lantoa.api",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtailmedia",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v3",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions, locale and auth: a cached public page is answered with no other work.
    "lantoa.portal.caching.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # With i18n_patterns(prefix_default_language=False), paths without a language prefix
    # (the Vietnamese site and the admin) are Vietnamese whatever the browser asks for.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Form text and query strings in NFC for every view (Word and OCR paste decomposed text).
    "lantoa.core.middleware.NFCInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so a locked-out login is answered before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lantoa.urls"
WSGI_APPLICATION = "lantoa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]


def _databases() -> dict:
    url = os.environ.get("DATABASE_URL")
    if url:
        return {"default": dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)}
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "lantoa.sqlite3",
            # Kept open between requests: opening SQLite, its pragmas and reading the schema
            # again cost each request about 2 ms.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # WAL lets the web server read while the worker writes; IMMEDIATE transactions
                # and a busy timeout make concurrent writers wait instead of failing.
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling: after AXES_FAILURE_LIMIT failures for one username from one address the
# login is locked for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_MINUTES", "15")) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/lockout.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "vi"
# Interface languages (admin and site chrome). Content can be translated into further
# languages; an administrator enables each as a locale (Settings → Locales).
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
CONTENT_LANGUAGES_EXTRA = [
    # Ethnic minority languages of Quảng Ngãi (ISO 639-3 codes).
    ("hre", "Hrê"),
    ("cua", "Cor (Co)"),
    ("sed", "Xơ Đăng"),
    ("bdq", "Ba Na"),
]
WAGTAIL_CONTENT_LANGUAGES = [
    ("vi", "Tiếng Việt"),
    ("en", "English"),
    *[
        (code, name)
        for code, name in CONTENT_LANGUAGES_EXTRA
        if code in env_list("LANTOA_CONTENT_LANGUAGES", "hre,cua,sed,bdq")
    ],
]
LANGUAGES += [(code, name) for code, name in WAGTAIL_CONTENT_LANGUAGES if code not in ("vi", "en")]
# The project's catalogue first, then its Vietnamese for each library's messages
# (locale-upstream/<package>/, made by scripts/upstream-catalogues; docs/glossary.md).
LOCALE_PATHS = [
    BASE_DIR / "locale",
    *sorted(path for path in (BASE_DIR / "locale-upstream").iterdir() if path.is_dir()),
]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S"]
FORMAT_MODULE_PATH = ["lantoa.formats"]

WAGTAIL_I18N_ENABLED = True
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_SITE_NAME = os.environ.get("LANTOA_SITE_NAME", "Lan Tỏa")
WAGTAILADMIN_BASE_URL = os.environ.get("LANTOA_BASE_URL", "http://127.0.0.1:8000")
# OAI-PMH (/oai/): record identifiers are oai:<namespace>:asset/<uuid>, the namespace by default
# the host of LANTOA_BASE_URL (set it before the first harvest and keep it); records per page.
LANTOA_OAI_NAMESPACE = os.environ.get("LANTOA_OAI_NAMESPACE", "")
LANTOA_OAI_PAGE_SIZE = int(os.environ.get("LANTOA_OAI_PAGE_SIZE", "100"))
# Search: the database backend (SQLite FTS5, PostgreSQL full-text search). Pages index folded
# copies of their text (lantoa.core.text.fold) and queries are folded the same way, which is what
# makes Vietnamese search accent-insensitive on both databases. On PostgreSQL the "simple"
# configuration keeps every word as it is: the default ("english") would drop folded Vietnamese
# words that are English stop words ("so", "do", "to", "me", "no") and stem others. SQLite
# ignores SEARCH_CONFIG. After changing it on PostgreSQL, run `manage.py update_index`.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"}
}
# Images are checked by content (Willow opens the file; its format must match its extension)
# and refused past 10 MB or 50 megapixels, a guard against decompression bombs. No SVG: an
# SVG is a document that can carry script.
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "gif", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 50_000_000
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "doc", "xlsx", "xls", "pptx", "ppt", "odt", "ods", "txt"]
# wagtailmedia checks these when media is edited in its own screens; the repository's uploads
# decide the type by content (lantoa/library/ingest.py) and accept the same extensions.
WAGTAILMEDIA = {
    "AUDIO_EXTENSIONS": ["mp3", "m4a", "aac", "wav", "ogg", "oga", "opus", "flac"],
    "VIDEO_EXTENSIONS": ["mp4", "m4v", "mov", "webm", "mkv", "ogv", "avi"],
}
# Resource repository uploads: the largest file of each type, the largest image in pixels
# (decompression-bomb guard), and the folder holding resumable uploads in progress.
LIBRARY_MAX_BYTES = {
    "image": 30 * 1024**2,
    "document": 200 * 1024**2,
    "video": 4 * 1024**3,
    "audio": 500 * 1024**2,
}
LIBRARY_MAX_IMAGE_PIXELS = WAGTAILIMAGES_MAX_IMAGE_PIXELS
LIBRARY_UPLOAD_DIR = VAR_DIR / "uploads"
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: it leaks hashes of staff e-mail addresses to a third party and
# is unreachable on closed government networks.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
PRIVATE_MEDIA_ROOT = VAR_DIR / "private"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# A cache shared by every web process (files under var/cache by default; set CACHE_URL-style
# settings here for Redis in a larger deployment). Public pages for anonymous visitors are
# kept PORTAL_CACHE_SECONDS and purged on publish (lantoa/portal/caching.py).
CACHES = {
    "default": {
        "BACKEND": "lantoa.core.caches.FileBasedCache",
        "LOCATION": VAR_DIR / "cache",
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    },
    # Wagtail stores an image rendition's record each time a page shows it: in memory, not as a
    # file (each file cache write also lists the whole cache folder). A key names the image's
    # file hash, focal point and filter, so its rendition never changes: a copy per process.
    "renditions": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 5_000},
    },
}
PORTAL_CACHE_ALIAS = "default"
PORTAL_CACHE_SECONDS = int(os.environ.get("PORTAL_CACHE_SECONDS", "600"))

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The worker writes a heartbeat this often; /healthz calls it dead after WORKER_STALE_SECONDS.
WORKER_HEARTBEAT_SECONDS = int(os.environ.get("WORKER_HEARTBEAT_SECONDS", "15"))
WORKER_STALE_SECONDS = int(os.environ.get("WORKER_STALE_SECONDS", "90"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "lantoa@localhost")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Wagtail logs every page action at INFO; the audit log keeps them in the database.
        "wagtail": {"level": "WARNING"},
    },
}

# Django knows no names for the minority languages: give them, so language menus can show them.
from django.conf.locale import LANG_INFO  # noqa: E402

for _code, _name in CONTENT_LANGUAGES_EXTRA:
    LANG_INFO.setdefault(_code, {"bidi": False, "code": _code, "name": _name, "name_local": _name})
WAGTAIL_ALLOW_UNICODE_SLUGS = False
