"""Tremplin settings: one module, driven by environment variables.

Production sets ``DJANGO_ENV=production``; then ``DJANGO_SECRET_KEY`` and
``DJANGO_ALLOWED_HOSTS`` are required and the secure defaults switch on.
"""

import os
from pathlib import Path

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.database import database_settings


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent.parent
PRODUCTION = os.environ.get("DJANGO_ENV", "development") == "production"
DEBUG = env_bool("DJANGO_DEBUG", False)

if PRODUCTION:
    SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
else:
    SECRET_KEY = os.environ.get(
        "DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me-in-production"
    )
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

# Key that encrypts the NISS at rest (Fernet, base64 urlsafe 32 bytes). Required in production.
if PRODUCTION:
    FIELD_ENCRYPTION_KEY = os.environ["TREMPLIN_FIELD_KEY"]
else:
    FIELD_ENCRYPTION_KEY = os.environ.get(
        "TREMPLIN_FIELD_KEY", "ZGV2LW9ubHktdHJlbXBsaW4ta2V5LW5vdC1wcm9kISE="
    )

# Key of the lookup digests (NISS digest for duplicates and the one-NISS-per-centre rule,
# opt-out e-mail digests, IP digests of the access log). It does NOT rotate with
# TREMPLIN_FIELD_KEY; when it must change, run ``manage.py recompute_digests`` (decision 0802).
# An install created before 0802 keeps its digests by setting it to its first field key.
if PRODUCTION:
    LOOKUP_DIGEST_KEY = os.environ["TREMPLIN_DIGEST_KEY"]
else:
    LOOKUP_DIGEST_KEY = os.environ.get(
        "TREMPLIN_DIGEST_KEY", "ZGV2LW9ubHktdHJlbXBsaW4ta2V5LW5vdC1wcm9kISE="
    )

# No form field may carry more than this many characters (FormFieldLengthMiddleware, 0803).
FORM_FIELD_MAX_CHARS = 20_000

# Erasure journal (0804): ids of erased people, kept OUTSIDE the database backups' restore path,
# replayed by apply_retention after a restore.
ERASURE_JOURNAL = Path(
    os.environ.get("TREMPLIN_ERASURE_JOURNAL", BASE_DIR / "var" / "erasure-journal.jsonl")
)

SITE_URL = os.environ.get("TREMPLIN_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    # Before allauth, so that our templates override allauth's (layouts, elements, login).
    "tremplin.accounts",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "drf_spectacular",
    "django_htmx",
    "pgtrigger",
    "pghistory",
    "django_tasks_db",
    "tremplin.audit",
    "tremplin.territory",
    "tremplin.directory",
    "tremplin.rules",
    "tremplin.intake",
    "tremplin.training",
    "tremplin.stats",
    "tremplin.documents",
    "tremplin.staff_training",
    "tremplin.library",
    "tremplin.www",
    "tremplin.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed for slow connections (Django mitigates BREACH: masked CSRF tokens and
    # random bytes in each gzip header).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tremplin.www.middleware.NoStoreForMembersMiddleware",
    "tremplin.www.middleware.FormFieldLengthMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "tremplin.accounts.middleware.StaffMfaRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tremplin.accounts.context_processors.memberships",
            ],
        },
    },
    {
        # One compiled fragment where Django's engine was too slow: the directory search's
        # result cards (docs/decisions/0315). Templates in <app>/jinja2/.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": True},
    },
]

DATABASES = {"default": database_settings()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    # Shared between processes and machines without a broker: good enough for a small install.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "tremplin_cache",
        }
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/espace/"
LOGOUT_REDIRECT_URL = "/"

# django-allauth: e-mail login, no open sign-up for staff (accounts are created by a coordinator).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_ADAPTER = "tremplin.accounts.adapters.AccountAdapter"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "5/5m/ip,5/5m/key",
    "reset_password": "5/m/ip,3/m/key",
    "reset_password_from_key": "20/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Tremplin"
MFA_ADAPTER = "tremplin.accounts.adapters.MfaAdapter"

LANGUAGE_CODE = "fr-be"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("TREMPLIN_MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Files that are never served by URL (a centre's uploaded import, kept between its steps).
PRIVATE_FILES_ROOT = Path(os.environ.get("TREMPLIN_PRIVATE_ROOT", BASE_DIR / "var" / "private"))
# Static files as in production: collected with hashed names, gzip and brotli copies
# (``collectstatic``), served by WhiteNoise with a one-year, immutable cache lifetime.
# ``make run`` collects and sets TREMPLIN_COLLECTED_STATIC=1; the tests and other commands
# serve the files straight from the apps (no collectstatic).
COLLECTED_STATIC = PRODUCTION or env_bool("TREMPLIN_COLLECTED_STATIC", False)
WHITENOISE_USE_FINDERS = not COLLECTED_STATIC
WHITENOISE_AUTOREFRESH = not COLLECTED_STATIC
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if COLLECTED_STATIC
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

if PRODUCTION or os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("EMAIL_PORT", "25")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
            },
        }
    }
else:
    # In development, e-mails are printed in the terminal.
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Tremplin <noreply@tremplin.example>")

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if env_bool("TREMPLIN_TASK_WORKER", PRODUCTION)
        else "django.tasks.backends.immediate.ImmediateBackend"
    }
}

# Security headers. The CSP allows no inline script without a nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "https://tile.openstreetmap.org"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
CSRF_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# One form rendering: every field gets its Bootstrap class here (docs/decisions/0010).
FORM_RENDERER = "tremplin.www.forms.FormRenderer"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only: the one encoding that carries every field; errors in French (api/errors.py).
    "DEFAULT_PARSER_CLASSES": ["tremplin.api.parsers.SafeJSONParser"],
    "EXCEPTION_HANDLER": "tremplin.api.errors.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_THROTTLE_RATES": {
        "public": os.environ.get("TREMPLIN_PUBLIC_API_RATE", "120/min"),
        # Per API token of a centre's tool (tremplin/api/tokens.py).
        "centre_token": os.environ.get("TREMPLIN_CENTRE_TOKEN_RATE", "120/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tremplin API",
    "DESCRIPTION": _("API publique et partenaire de Tremplin, la plateforme des CISP wallons."),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # One name for the training method choices used by several serializers.
    "ENUM_NAME_OVERRIDES": {"TrainingMethodEnum": "tremplin.directory.enums.Method"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
