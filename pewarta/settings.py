"""Pewarta settings: every knob is read from the environment through `env()`.

Local defaults are safe for one machine (SQLite under var/, console mail, local-memory
cache). `PEWARTA_ENV=production` refuses to start without a real secret key and hosts.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
_UNSET = object()


def env(name, default=_UNSET, cast=str):
    """Read one setting from the environment; `cast` is str, int, bool, float or list."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        if default is _UNSET:
            raise ImproperlyConfigured(f"Environment variable {name} is required")
        return default
    if cast is bool:
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if cast is list:
        return [item.strip() for item in raw.split(",") if item.strip()]
    return cast(raw)


VAR_DIR = Path(env("PEWARTA_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

PRODUCTION = env("PEWARTA_ENV", "development") == "production"
DEBUG = env("DEBUG", False, bool)

_DEV_SECRET = "insecure-local-development-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env("SECRET_KEY", _DEV_SECRET)
ALLOWED_HOSTS = env("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"], list)
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS", [], list)

if PRODUCTION:
    if SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 40:
        raise ImproperlyConfigured(
            "PEWARTA_ENV=production needs SECRET_KEY set to a random value of 40+ characters"
        )
    if not os.environ.get("ALLOWED_HOSTS"):
        raise ImproperlyConfigured("PEWARTA_ENV=production needs ALLOWED_HOSTS")
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off when PEWARTA_ENV=production")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env("SECURE_HSTS_SECONDS", 365 * 24 * 3600, int)  # one year

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "huey.contrib.djhuey",
    "django_htmx",
    "ninja",  # its docs page then serves Swagger UI from our static files, not a CDN
    "pewarta.common",
    "pewarta.audit",
    "pewarta.accounts",
    "pewarta.integrity",
    "pewarta.desk",
    "pewarta.search",
    "pewarta.intake",
    "pewarta.contributors",
    "pewarta.complaints",
    "pewarta.community",
    "pewarta.honorarium",
    "pewarta.api",
    "pewarta.public",
    "pewarta.archive",
    "pewarta.demo",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
]

MIDDLEWARE = [
    "pewarta.common.proxies.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "pewarta.archive.redirects.LegacyLinkMiddleware",  # old WordPress links answer 301
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "axes.middleware.AxesMiddleware",
    "pewarta.accounts.devices.TrustedDeviceMiddleware",
    "pewarta.common.middleware.HostileInputMiddleware",
]

ROOT_URLCONF = "pewarta.urls"
WSGI_APPLICATION = "pewarta.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "pewarta" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "pewarta.common.context_processors.site",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "pewarta.sqlite3",
            # Reuse connections: opening one runs the PRAGMAs below on every request.
            "CONN_MAX_AGE": env("PEWARTA_SQLITE_CONN_MAX_AGE", 60, int),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
                    "PRAGMA busy_timeout=20000;PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")

# --- cache and tasks ------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", "")
# Seconds a Redis call may take before the node carries on without it (see common/cache.py).
PEWARTA_REDIS_TIMEOUT = env("PEWARTA_REDIS_TIMEOUT", 0.5, float)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "pewarta.common.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "socket_timeout": PEWARTA_REDIS_TIMEOUT,
                "socket_connect_timeout": PEWARTA_REDIS_TIMEOUT,
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pewarta",
        }
    }

HUEY_IMMEDIATE = env("HUEY_IMMEDIATE", False, bool)
if REDIS_URL:
    # Reliable on several nodes: a task taken by a consumer that dies is handed to another,
    # a task queued while Redis is away waits in the database (common/taskqueue.py).
    HUEY = {
        "huey_class": "pewarta.common.taskqueue.ReliableRedisHuey",
        "name": "pewarta",
        "results": False,  # nobody reads them; kept, they would fill Redis
        "url": REDIS_URL,
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": env("HUEY_WORKERS", 2, int), "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "pewarta",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": env("HUEY_WORKERS", 2, int), "worker_type": "thread"},
    }

# --- auth -----------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
if env("PEWARTA_FAST_PASSWORD_HASHER", False, bool):  # test suite only
    if PRODUCTION:
        raise ImproperlyConfigured(
            "PEWARTA_FAST_PASSWORD_HASHER (MD5) is for tests, never production"
        )
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# --- language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "pewarta" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env("PEWARTA_TIME_ZONE", "Asia/Jakarta")

# --- static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = env("PEWARTA_MEDIA_URL", "/media/")
MEDIA_ROOT = VAR_DIR / "media"
PEWARTA_PRIVATE_ROOT = VAR_DIR / "private"
# Object storage (any S3 API) instead of files under var/ when an endpoint is set: public
# photos in one bucket, private files (complaint evidence, identity images) in another.
PEWARTA_S3_ENDPOINT_URL = env("PEWARTA_S3_ENDPOINT_URL", "")
PEWARTA_S3_ACCESS_KEY = env("PEWARTA_S3_ACCESS_KEY", "")
PEWARTA_S3_SECRET_KEY = env("PEWARTA_S3_SECRET_KEY", "")
PEWARTA_S3_REGION = env("PEWARTA_S3_REGION", "us-east-1")
PEWARTA_S3_PUBLIC_BUCKET = env("PEWARTA_S3_PUBLIC_BUCKET", "pewarta-media")
PEWARTA_S3_PRIVATE_BUCKET = env("PEWARTA_S3_PRIVATE_BUCKET", "pewarta-private")
PEWARTA_S3_TIMEOUT = env("PEWARTA_S3_TIMEOUT", 10, float)
# Lifetime of a signed link to a private object, handed out only after the permission check.
PEWARTA_PRIVATE_URL_SECONDS = env("PEWARTA_PRIVATE_URL_SECONDS", 60, int)
if PEWARTA_S3_ENDPOINT_URL:
    _S3 = {
        "endpoint_url": PEWARTA_S3_ENDPOINT_URL,
        "access_key": PEWARTA_S3_ACCESS_KEY,
        "secret_key": PEWARTA_S3_SECRET_KEY,
        "region_name": PEWARTA_S3_REGION,
    }
    _MEDIA_STORAGE = {
        "BACKEND": "pewarta.common.storage.PublicS3Storage",
        "OPTIONS": {**_S3, "bucket_name": PEWARTA_S3_PUBLIC_BUCKET},
    }
    _PRIVATE_STORAGE = {
        "BACKEND": "pewarta.common.storage.PrivateS3Storage",
        "OPTIONS": {
            **_S3,
            "bucket_name": PEWARTA_S3_PRIVATE_BUCKET,
            "querystring_expire": PEWARTA_PRIVATE_URL_SECONDS,
        },
    }
else:
    _MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    _PRIVATE_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PEWARTA_PRIVATE_ROOT, "base_url": None},
    }
STORAGES = {
    "default": _MEDIA_STORAGE,
    "private": _PRIVATE_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env("EMAIL_PORT", 25, int)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env("EMAIL_USE_TLS", False, bool)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Redaksi Pewarta <redaksi@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Pewarta itself -------------------------------------------------------------------------
PEWARTA_SITE_NAME = env("PEWARTA_SITE_NAME", "Pewarta")
PEWARTA_SITE_URL = env("PEWARTA_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
PEWARTA_NEWSROOM_EMAIL = env("PEWARTA_NEWSROOM_EMAIL", "redaksi@localhost")
PEWARTA_DATELINE = env("PEWARTA_DATELINE", "PEWARTA")

# The press company's legal data, shown on /redaksi (UU Pers art. 12: name, address and the
# person responsible, published openly). Production refuses to start without them.
# Where the Pedoman Pemberitaan Media Siber page sends readers for the official text
# (Peraturan Dewan Pers Nomor 1/Peraturan-DP/III/2012): Dewan Pers's site, or the exact document.
PEWARTA_PPMS_OFFICIAL_URL = env("PEWARTA_PPMS_OFFICIAL_URL", "https://dewanpers.or.id/")
PEWARTA_PUBLISHER_NAME = env("PEWARTA_PUBLISHER_NAME", "")
PEWARTA_PUBLISHER_ADDRESS = env("PEWARTA_PUBLISHER_ADDRESS", "")
PEWARTA_PUBLISHER_RESPONSIBLE = env("PEWARTA_PUBLISHER_RESPONSIBLE", "")  # penanggung jawab
PEWARTA_PUBLISHER_CHIEF_EDITOR = env("PEWARTA_PUBLISHER_CHIEF_EDITOR", "")  # pemimpin redaksi
PEWARTA_PUBLISHER_PHONE = env("PEWARTA_PUBLISHER_PHONE", "")
PEWARTA_PUBLISHER_EMAIL = env("PEWARTA_PUBLISHER_EMAIL", PEWARTA_NEWSROOM_EMAIL)
PUBLISHER_REQUIRED = (
    "PEWARTA_PUBLISHER_NAME",
    "PEWARTA_PUBLISHER_ADDRESS",
    "PEWARTA_PUBLISHER_RESPONSIBLE",
    "PEWARTA_PUBLISHER_CHIEF_EDITOR",
    "PEWARTA_PUBLISHER_PHONE",
)
if PRODUCTION and (missing := [name for name in PUBLISHER_REQUIRED if not globals()[name]]):
    raise ImproperlyConfigured(
        "PEWARTA_ENV=production needs the press company's legal data for /redaksi "
        f"(UU Pers art. 12): {', '.join(missing)}"
    )
PEWARTA_MAX_MESSAGE_BYTES = env("PEWARTA_MAX_MESSAGE_BYTES", 25 * 1024 * 1024, int)

# --- intake (email receivers, parsing limits) ------------------------------------------------
PEWARTA_INTAKE_MAX_ATTACHMENTS = env("PEWARTA_INTAKE_MAX_ATTACHMENTS", 10, int)
PEWARTA_INTAKE_SENDER_RATE = env("PEWARTA_INTAKE_SENDER_RATE", 30, int)  # per sender per hour
PEWARTA_INTAKE_SMTP_ADDRESS = env("PEWARTA_INTAKE_SMTP_ADDRESS", "127.0.0.1:2525")
PEWARTA_INTAKE_TRUSTED_AUTHSERV_ID = env("PEWARTA_INTAKE_TRUSTED_AUTHSERV_ID", "")
# Addresses/networks of the MTA that hands mail to our SMTP/LMTP receiver: only mail from them
# has its Authentication-Results read (docs/security.md, "Identity and staff access").
PEWARTA_INTAKE_TRUSTED_PEERS = env("PEWARTA_INTAKE_TRUSTED_PEERS", [], list)
# Automatic answers to unproven senders, per hour, per peer / From / MAIL FROM address.
PEWARTA_INTAKE_ANSWER_RATE = env("PEWARTA_INTAKE_ANSWER_RATE", 10, int)
PEWARTA_INTAKE_CONFIRM_DAYS = env("PEWARTA_INTAKE_CONFIRM_DAYS", 14, int)
# Raw inbound mail (headers, addresses, attachments) is emptied after this many days (UU PDP).
PEWARTA_RAW_MAIL_RETENTION_DAYS = env("PEWARTA_RAW_MAIL_RETENTION_DAYS", 30, int)
PEWARTA_TERMS_VERSION = env("PEWARTA_TERMS_VERSION", "2026-11")
PEWARTA_IMAP_HOST = env("PEWARTA_IMAP_HOST", "")
PEWARTA_IMAP_PORT = env("PEWARTA_IMAP_PORT", 993, int)
PEWARTA_IMAP_SSL = env("PEWARTA_IMAP_SSL", True, bool)
PEWARTA_IMAP_USER = env("PEWARTA_IMAP_USER", "")
PEWARTA_IMAP_PASSWORD = env("PEWARTA_IMAP_PASSWORD", "")
PEWARTA_IMAP_FOLDER = env("PEWARTA_IMAP_FOLDER", "INBOX")
PEWARTA_IMAP_MOVE_TO = env("PEWARTA_IMAP_MOVE_TO", "")
PEWARTA_IMAP_POLL_SECONDS = env("PEWARTA_IMAP_POLL_SECONDS", 60, int)

# --- accounts (allauth, consent, personal data) ----------------------------------------------
# Web logins are throttled by axes (first backend); see accounts/backends.py for why ours.
AUTHENTICATION_BACKENDS = [
    "pewarta.accounts.backends.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_REDIRECT_URL = "/akun/"
ACCOUNT_LOGIN_METHODS = {"email"}
# allauth's own failed-login limit also counts per account from anywhere (5 in 5 minutes), which
# anyone could renew to keep a person out: its per-address part stays, the per-account count is
# axes's, which spares the owner's own browser (accounts/devices.py).
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_SIGNUP_FORM_CLASS = "pewarta.accounts.forms.SignupExtraForm"
ACCOUNT_ADAPTER = "pewarta.accounts.adapter.AccountAdapter"
ACCOUNT_USER_DISPLAY = "pewarta.accounts.adapter.user_display"
ACCOUNT_FORMS = {
    name: f"pewarta.accounts.allauth_forms.{form}"
    for name, form in {
        "login": "LoginForm",
        "signup": "SignupForm",
        "change_password": "ChangePasswordForm",
        "set_password": "SetPasswordForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
    }.items()
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Pewarta] "
AXES_FAILURE_LIMIT = env("AXES_FAILURE_LIMIT", 5, int)
AXES_COOLOFF_TIME = env("AXES_COOLOFF_HOURS", 1, float)
# Guesses are counted per account (from any address) as well as per (account, address); in a
# browser that has logged in to the account before, only per (account, address): a guesser
# elsewhere cannot lock the owner out (accounts/devices.py).
AXES_LOCKOUT_PARAMETERS = "pewarta.accounts.devices.lockout_parameters"
AXES_USERNAME_CALLABLE = "pewarta.accounts.backends.login_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Published stories of an erased account: "anonim" (credited to "Penulis anonim") or "hapus".
PEWARTA_ERASED_AUTHOR_POLICY = env("PEWARTA_ERASED_AUTHOR_POLICY", "anonim")
PEWARTA_PDP_DEADLINE_HOURS = env("PEWARTA_PDP_DEADLINE_HOURS", 72, int)
# Hours a one-time personal-data link (export or erase without a password) stays valid.
PEWARTA_DATA_LINK_HOURS = env("PEWARTA_DATA_LINK_HOURS", 24, int)
# Minutes after first publication during which "Turunkan ke draf" may undo an accidental publish.
PEWARTA_UNPUBLISH_GRACE_MINUTES = env("PEWARTA_UNPUBLISH_GRACE_MINUTES", 10, int)
PEWARTA_ADULT_AGE = 18

# --- media (one pipeline for every channel: integrity/media.py) ------------------------------
# The older names (PEWARTA_UPLOAD_MAX_BYTES, PEWARTA_INTAKE_MAX_IMAGE_PIXELS,
# PEWARTA_DOCX_MAX_UNCOMPRESSED, PEWARTA_INTAKE_MAX_DOCX_BYTES) still work as fallbacks.
PEWARTA_MEDIA_MAX_BYTES = env(
    "PEWARTA_MEDIA_MAX_BYTES", env("PEWARTA_UPLOAD_MAX_BYTES", 15 * 1024 * 1024, int), int
)
PEWARTA_MEDIA_MAX_PIXELS = env(
    "PEWARTA_MEDIA_MAX_PIXELS", env("PEWARTA_INTAKE_MAX_IMAGE_PIXELS", 50_000_000, int), int
)
PEWARTA_MEDIA_MAX_SIDE = env("PEWARTA_MEDIA_MAX_SIDE", 2400, int)
PEWARTA_MEDIA_DOCX_MAX_UNPACKED = env(
    "PEWARTA_MEDIA_DOCX_MAX_UNPACKED",
    env(
        "PEWARTA_DOCX_MAX_UNCOMPRESSED",
        env("PEWARTA_INTAKE_MAX_DOCX_BYTES", 40 * 1024 * 1024, int),
        int,
    ),
    int,
)
PEWARTA_MEDIA_DOCX_MAX_ENTRIES = env("PEWARTA_MEDIA_DOCX_MAX_ENTRIES", 2000, int)

# --- desk (roles, MFA, queue targets) --------------------------------------------------------
# Target hours per status; the queue colours a piece's waiting time against them.
PEWARTA_DESK_TARGET_HOURS = {
    "awaiting_confirmation": env("PEWARTA_DESK_TARGET_CONFIRMATION_HOURS", 48, int),
    "received": env("PEWARTA_DESK_TARGET_RECEIVED_HOURS", 4, int),
    "in_review": env("PEWARTA_DESK_TARGET_REVIEW_HOURS", 24, int),
    "changes_requested": env("PEWARTA_DESK_TARGET_CHANGES_HOURS", 72, int),
    "approved": env("PEWARTA_DESK_TARGET_APPROVED_HOURS", 12, int),
}
# Staff need TOTP (allauth.mfa) for staff pages when PEWARTA_ENV=production: accounts/staff.py.

# --- reader site (cache, renditions, feeds) --------------------------------------------------
PEWARTA_PAGE_CACHE = env("PEWARTA_PAGE_CACHE", True, bool)
# A reader is counted once per story in this many seconds (the /dibaca/ beacon).
PEWARTA_VIEW_DEDUPE_SECONDS = env("PEWARTA_VIEW_DEDUPE_SECONDS", 1800, int)
PEWARTA_PAGE_CACHE_DIR = env("PEWARTA_PAGE_CACHE_DIR", str(VAR_DIR / "pagecache"))
PEWARTA_PAGE_CACHE_TTL = env("PEWARTA_PAGE_CACHE_TTL", 600, int)
# Story lookups and rendered articles kept in CACHES between purges (page-cache misses).
PEWARTA_FRAGMENT_CACHE = env("PEWARTA_FRAGMENT_CACHE", True, bool)
# Edge caches (Varnish, a CDN): pages carry their tags as xkey / Surrogate-Key / Cache-Tag and
# may be kept PEWARTA_EDGE_TTL seconds; every change purges its tags on each listed Varnish.
PEWARTA_EDGE_TTL = env("PEWARTA_EDGE_TTL", 3600, int)
PEWARTA_EDGE_PURGE_URLS = env("PEWARTA_EDGE_PURGE_URLS", [], list)
PEWARTA_EDGE_PURGE_RETRY_SECONDS = env("PEWARTA_EDGE_PURGE_RETRY_SECONDS", 5, int)

# --- what browsers may load (Content-Security-Policy, django-csp) -----------------------------
# Scripts only from our own origin (no inline script, no eval), no plugins, never framed.
# Inline style attributes stay allowed: a style cannot run code. Photos may come from the
# media origin (PEWARTA_MEDIA_URL, e.g. a CDN in front of the bucket) and PEWARTA_CSP_IMG_SRC.
_MEDIA_ORIGIN = "/".join(MEDIA_URL.split("/")[:3]) if "://" in MEDIA_URL else None
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", *filter(None, [_MEDIA_ORIGIN])]
        + env("PEWARTA_CSP_IMG_SRC", [], list),
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}

# --- clients behind proxies, rate limits -------------------------------------------------------
# Addresses or networks (CIDR) of our own proxies (Varnish, load balancer): X-Forwarded-For is
# read only when the request comes from one of them (common/proxies.py).
PEWARTA_TRUSTED_PROXIES = env("PEWARTA_TRUSTED_PROXIES", [], list)
# Per-scope overrides of the rate limits, "scope=hits/seconds,..." (README lists the scopes).
PEWARTA_RATE_LIMITS = env("PEWARTA_RATE_LIMITS", [], list)
# Without Redis: "file" shares the counters between a machine's workers; "memory" (tests) doesn't.
PEWARTA_RATE_LIMIT_STORE = env("PEWARTA_RATE_LIMIT_STORE", "file")

# --- search ----------------------------------------------------------------------------------

# --- integrity (similarity, reference feeds, risk hints) -----------------------------------
# A source is shown when this share of either text matches it (and at least N shingles do).
PEWARTA_INTEGRITY_MIN_SHARE = env("PEWARTA_INTEGRITY_MIN_SHARE", 0.15, float)
PEWARTA_INTEGRITY_MIN_SHINGLES = env("PEWARTA_INTEGRITY_MIN_SHINGLES", 6, int)
PEWARTA_INTEGRITY_MAX_CHARS = env("PEWARTA_INTEGRITY_MAX_CHARS", 400_000, int)
# A shingle kept by this many documents is boilerplate: the check leaves it out.
PEWARTA_INTEGRITY_COMMON_SHINGLE_DOCS = env("PEWARTA_INTEGRITY_COMMON_SHINGLE_DOCS", 50, int)
PEWARTA_INTEGRITY_FEED_MAX_BYTES = env("PEWARTA_INTEGRITY_FEED_MAX_BYTES", 5 << 20, int)
PEWARTA_INTEGRITY_FEED_TIMEOUT = env("PEWARTA_INTEGRITY_FEED_TIMEOUT", 15, int)
# Feeds on loopback/private addresses are refused unless the operator allows them.
PEWARTA_INTEGRITY_FEEDS_ALLOW_PRIVATE = env("PEWARTA_INTEGRITY_FEEDS_ALLOW_PRIVATE", False, bool)
# Extra word lists for the risk hints: paths of files named <list>.txt or <list>-<name>.txt
# (lists: kejahatan, kekerasan_seksual, anak, sara, bukan_nama, gelar), comma-separated.
PEWARTA_RISK_WORD_FILES = env("PEWARTA_RISK_WORD_FILES", [], list)

# --- api (keys, webhooks) -------------------------------------------------------------------
# Keys for single contributors (not only organizations) when the desk allows them.
PEWARTA_API_CONTRIBUTOR_KEYS = env("PEWARTA_API_CONTRIBUTOR_KEYS", False, bool)
# Webhook deliveries: tries, the first retry delay (then x4 each time), the request timeout.
PEWARTA_API_WEBHOOK_ATTEMPTS = env("PEWARTA_API_WEBHOOK_ATTEMPTS", 6, int)
PEWARTA_API_WEBHOOK_RETRY_SECONDS = env("PEWARTA_API_WEBHOOK_RETRY_SECONDS", 30, int)
PEWARTA_API_WEBHOOK_TIMEOUT = env("PEWARTA_API_WEBHOOK_TIMEOUT", 10, float)
# Webhook URLs on loopback/private networks are refused unless this is on (tests, own network).
PEWARTA_API_WEBHOOK_ALLOW_PRIVATE = env("PEWARTA_API_WEBHOOK_ALLOW_PRIVATE", False, bool)

# --- complaints (deadlines) ------------------------------------------------------------------
# Hours the desk has to decide. Reports about user content are fixed at 2x24 by PPMS section 3.
PEWARTA_COMPLAINT_HOURS_REPORT = 48
PEWARTA_COMPLAINT_HOURS_REPLY = env("PEWARTA_COMPLAINT_HOURS_REPLY", 72, int)
PEWARTA_COMPLAINT_HOURS_CORRECTION = env("PEWARTA_COMPLAINT_HOURS_CORRECTION", 72, int)
PEWARTA_COMPLAINT_HOURS_TAKEDOWN = env("PEWARTA_COMPLAINT_HOURS_TAKEDOWN", 24, int)
PEWARTA_COMPLAINT_HOURS_TAKEDOWN_URGENT = env("PEWARTA_COMPLAINT_HOURS_TAKEDOWN_URGENT", 4, int)
PEWARTA_COMPLAINT_REMIND_BEFORE_HOURS = env("PEWARTA_COMPLAINT_REMIND_BEFORE_HOURS", 6, int)
PEWARTA_COMPLAINT_EVIDENCE_MAX_BYTES = env("PEWARTA_COMPLAINT_EVIDENCE_MAX_BYTES", 5 << 20, int)
# Complaints per hour: per sender (email, else browser) behind an address, and per address.
PEWARTA_COMPLAINT_RATE_LIMIT = env("PEWARTA_COMPLAINT_RATE_LIMIT", 5, int)
PEWARTA_COMPLAINT_ADDRESS_RATE_LIMIT = env("PEWARTA_COMPLAINT_ADDRESS_RATE_LIMIT", 60, int)

# --- community (comments, follows, digests) ---------------------------------------------------
# A reader with this many approved comments is trusted: their comments appear at once and are
# reviewed afterwards (post-moderation); before that, each waits for a moderator.
PEWARTA_COMMENTS_TRUSTED_AFTER = env("PEWARTA_COMMENTS_TRUSTED_AFTER", 3, int)
PEWARTA_COMMENTS_MAX_LINKS = env("PEWARTA_COMMENTS_MAX_LINKS", 1, int)
PEWARTA_COMMENTS_MAX_CHARS = env("PEWARTA_COMMENTS_MAX_CHARS", 2000, int)
# Subscribers per digest task (each task builds and sends that many digests).
PEWARTA_DIGEST_BATCH_SIZE = env("PEWARTA_DIGEST_BATCH_SIZE", 500, int)

# --- honorarium -------------------------------------------------------------------------------
# Income-tax withholding (PPh) in statements and the finance export, in percent.
PEWARTA_HONORARIUM_PPH_PERCENT = env("PEWARTA_HONORARIUM_PPH_PERCENT", 2.5, float)
# Fernet keys for bank details (first encrypts, all decrypt); empty: derived from SECRET_KEY.
PEWARTA_HONORARIUM_KEYS = env("PEWARTA_HONORARIUM_KEYS", [], list)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {  # every line with e-mail addresses masked (UU PDP: logs are kept too)
        "plain": {
            "class": "pewarta.common.logredact.RedactingFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s: %(message)s",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
