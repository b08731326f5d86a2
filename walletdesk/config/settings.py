"""Django settings. Every value comes from the environment; `.env.example` lists them all."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url

from walletdesk.config.env import ConfigError, env_bool, env_float, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("WALLETDESK_DATA_DIR", str(Path.cwd() / "var"))).resolve()
# Private: databases, the task queue, the secret key, attachments and outbox live here.
# (`walletdesk` also sets a umask of 077, so files created below are 0600.)
DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)


def _secret_key() -> str:
    """Use WALLETDESK_SECRET_KEY, or a random key kept in the data directory (embedded mode)."""
    configured = env_str("WALLETDESK_SECRET_KEY")
    if configured:
        return configured
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # never world-readable
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_urlsafe(50))
    return key_file.read_text(encoding="ascii").strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("WALLETDESK_DEBUG", False)
ALLOWED_HOSTS = env_list("WALLETDESK_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("WALLETDESK_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    # Before django.contrib.auth so its `changepassword` (which also ends the user's sessions,
    # sockets and API tokens) is the one `walletdesk manage changepassword` runs.
    "walletdesk.identity",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "channels",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "huey.contrib.djhuey",
    "walletdesk.core",
    "walletdesk.audit",
    "walletdesk.wallet",
    "walletdesk.safety",
    "walletdesk.outbox",
    "walletdesk.tickets",
    "walletdesk.security",
    "walletdesk.intake",
    "walletdesk.helpcentre",
    "walletdesk.assistant",
    "walletdesk.chat",
    "walletdesk.web",
    "walletdesk.api",
    "walletdesk.realtime",
    "walletdesk.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "walletdesk.web.security.ContentSecurityPolicyMiddleware",
    "walletdesk.web.security.NoStoreMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "walletdesk.identity.portal_session.PortalSessionMiddleware",
    "walletdesk.web.locale.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "walletdesk.config.urls"
ASGI_APPLICATION = "walletdesk.config.asgi.application"
WSGI_APPLICATION = "walletdesk.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'walletdesk.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Each request runs in a thread of its own, so per-thread persistent connections would be
    # opened anew for nearly every request: a pool per server process hands them over instead
    # (psycopg_pool; Django wants CONN_MAX_AGE 0 with it).
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env_int("WALLETDESK_DB_POOL_MIN", 2),
        "max_size": env_int("WALLETDESK_DB_POOL_MAX", 10),
        "timeout": env_int("WALLETDESK_DB_POOL_TIMEOUT", 10),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue for the write lock instead of polling for it (walletdesk.core.sqlite).
    DATABASES["default"]["ENGINE"] = "walletdesk.core.sqlite"
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: channel layer, task queue, cache ------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
SCALED = bool(REDIS_URL)

if SCALED:
    CHANNEL_LAYERS: dict[str, Any] = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": env_str("WALLETDESK_REDIS_PREFIX", "wd")},
        }
    }
    CACHES: dict[str, Any] = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    # In-process only; safe to publish to from task threads (walletdesk.realtime.layers).
    CHANNEL_LAYERS = {
        "default": {"BACKEND": "walletdesk.realtime.layers.LoopSafeInMemoryChannelLayer"}
    }
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Tasks. Embedded: SQLite storage, consumer threads inside `walletdesk serve`.
# Scaled: Redis storage, consumed by `walletdesk worker` processes.
TASKS_IMMEDIATE = env_bool("WALLETDESK_TASKS_IMMEDIATE", False)
TASKS_EMBEDDED = env_bool("WALLETDESK_TASKS_EMBEDDED", not SCALED)
HUEY: dict[str, Any] = {
    "name": env_str("WALLETDESK_TASKS_NAME", "walletdesk"),
    "immediate": TASKS_IMMEDIATE,
    "results": False,
    "utc": True,
    "consumer": {"workers": env_int("WALLETDESK_TASK_WORKERS", 2), "worker_type": "thread"},
}
if SCALED:
    HUEY["huey_class"] = "huey.RedisHuey"
    HUEY["connection"] = {"url": REDIS_URL}
else:
    HUEY["huey_class"] = "walletdesk.core.taskstore.SqliteHuey"  # no disk flush per trigger
    HUEY["filename"] = str(DATA_DIR / "tasks.sqlite3")

# --- Identity and sessions ------------------------------------------------------------------
AUTH_USER_MODEL = "identity.User"
LOGIN_URL = "console:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Every place a password is set runs these (identity.passwords.password_validate), for console
# users and customers alike; customers are compared with their name, email and phone.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {
            "user_attributes": (
                "username",
                "first_name",
                "last_name",
                "email",
                "display_name",
                "phone",
            )
        },
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "walletdesk.identity.passwords.ZxcvbnValidator", "OPTIONS": {"min_score": 3}},
    {"NAME": "walletdesk.identity.passwords.PersonalDataValidator"},
]
SECURE_COOKIES = env_bool("WALLETDESK_SECURE_COOKIES", False)
SESSION_COOKIE_NAME = "wd_console"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_AGE = env_int("WALLETDESK_SESSION_AGE", 8 * 3600)
PORTAL_SESSION_COOKIE_NAME = "wd_portal"
CSRF_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "walletdesk.web.errors.csrf_failure"  # the product's own page, in its language
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if SECURE_COOKIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Strict-Transport-Security in secure mode (HTTPS in front): a year, subdomains included;
# preloading into browsers is an operator's decision (WALLETDESK_HSTS_PRELOAD).
SECURE_HSTS_SECONDS = env_int("WALLETDESK_HSTS_SECONDS", 365 * 24 * 3600) if SECURE_COOKIES else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_COOKIES
SECURE_HSTS_PRELOAD = SECURE_COOKIES and env_bool("WALLETDESK_HSTS_PRELOAD", False)

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "wd_lang"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
USE_I18N = True
TIME_ZONE = env_str("WALLETDESK_TIME_ZONE", "Asia/Shanghai")
USE_TZ = True

# --- Files ----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(
    mode=0o700, exist_ok=True
)  # whitenoise warns about a missing root; finders serve the files
WHITENOISE_USE_FINDERS = True
STATICFILES_DIRS = [PACKAGE_DIR / "static"]  # vendored front-end code (htmx) outside any app
PRIVATE_MEDIA_ROOT = Path(env_str("WALLETDESK_PRIVATE_MEDIA_DIR", str(DATA_DIR / "private")))
ATTACHMENT_MAX_BYTES = env_int("WALLETDESK_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = ATTACHMENT_MAX_BYTES + 1024 * 1024
# Request bodies are capped as they arrive (walletdesk.web.bodylimit): multipart forms at
# ATTACHMENT_MAX_BYTES for each of a message's files plus this much for the rest of the form,
# every other body (JSON, plain forms) at REQUEST_MAX_BYTES_WITHOUT_FILES.
REQUEST_FORM_OVERHEAD_BYTES = env_int("WALLETDESK_REQUEST_FORM_OVERHEAD_BYTES", 1024 * 1024)
REQUEST_MAX_BYTES_WITHOUT_FILES = env_int("WALLETDESK_REQUEST_MAX_BYTES_WITHOUT_FILES", 1024 * 1024)
# The largest websocket message a server should accept (client frames are small commands);
# `walletdesk serve` hands it to uvicorn as ws_max_size.
WEBSOCKET_MAX_MESSAGE_BYTES = 16 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# --- Account security (walletdesk.security) -------------------------------------------------
# How long a one-time code (sign-in, reset, freeze, step-up) can be used.
SECURITY_CODE_TTL_SECONDS = env_int("WALLETDESK_SECURITY_CODE_TTL_SECONDS", 600)
# Two-step verification: how long a lost-device recovery waits before it resets the second
# factor (announced at once on every channel, cancellable until then).
TWO_FACTOR_RECOVERY_HOURS = env_int("WALLETDESK_TWO_FACTOR_RECOVERY_HOURS", 72)
# The HTTP SMS provider (outbox/transports/sms_http.py), when chosen in OUTBOX_TRANSPORTS.
SMS_HTTP_URL = env_str("WALLETDESK_SMS_HTTP_URL")
SMS_HTTP_KEY = env_str("WALLETDESK_SMS_HTTP_KEY")
SMS_HTTP_SECRET = env_str("WALLETDESK_SMS_HTTP_SECRET")
SMS_HTTP_TIMEOUT = env_int("WALLETDESK_SMS_HTTP_TIMEOUT", 10)

# --- Outbound messages (walletdesk.outbox) --------------------------------------------------
# Without SMTP and an SMS/social provider, every message that would leave the machine is
# written as a readable file under OUTBOX_DIR/<channel>/ (email as .eml, the others as .txt).
OUTBOX_DIR = Path(env_str("WALLETDESK_OUTBOX_DIR", str(DATA_DIR / "outbox")))
OUTBOX_MAX_ATTEMPTS = env_int("WALLETDESK_OUTBOX_MAX_ATTEMPTS", 8)
OUTBOX_RETRY_BASE_SECONDS = env_int("WALLETDESK_OUTBOX_RETRY_BASE_SECONDS", 30)
OUTBOX_RETRY_CAP_SECONDS = env_int("WALLETDESK_OUTBOX_RETRY_CAP_SECONDS", 3600)
# How long a deliverer holds a row; after that a crashed send is taken over by another.
OUTBOX_LEASE_SECONDS = env_int("WALLETDESK_OUTBOX_LEASE_SECONDS", 300)
# channel=python.path.Class,… replaces a channel's transport (e.g. an SMS provider's).
OUTBOX_TRANSPORTS: dict[str, str] = {}
for _entry in env_list("WALLETDESK_OUTBOX_TRANSPORTS", []):
    _channel, _sep, _path = _entry.partition("=")
    if not _sep or not _channel.strip() or not _path.strip():
        raise ConfigError(f"WALLETDESK_OUTBOX_TRANSPORTS needs channel=python.path, got {_entry!r}")
    OUTBOX_TRANSPORTS[_channel.strip()] = _path.strip()
# Answer phone tickets by SMS when the customer has a phone number (else a note is kept).
SMS_REPLIES = env_bool("WALLETDESK_SMS_REPLIES", True)
if min(OUTBOX_MAX_ATTEMPTS, OUTBOX_RETRY_BASE_SECONDS, OUTBOX_LEASE_SECONDS) < 1:
    raise ConfigError("WALLETDESK_OUTBOX_MAX_ATTEMPTS, _RETRY_BASE_SECONDS, _LEASE_SECONDS >= 1")

SMTP_HOST = env_str("WALLETDESK_SMTP_HOST")
if SMTP_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = SMTP_HOST
    EMAIL_PORT = env_int("WALLETDESK_SMTP_PORT", 587)
    EMAIL_HOST_USER = env_str("WALLETDESK_SMTP_USER")
    EMAIL_HOST_PASSWORD = env_str("WALLETDESK_SMTP_PASSWORD")
    EMAIL_USE_TLS = env_bool("WALLETDESK_SMTP_TLS", True)
    # Shorter than a delivery's lease, so a hung server cannot outlast the claim.
    EMAIL_TIMEOUT = env_int("WALLETDESK_SMTP_TIMEOUT", 30)
    if EMAIL_TIMEOUT >= OUTBOX_LEASE_SECONDS:
        raise ConfigError("WALLETDESK_SMTP_TIMEOUT must be shorter than the outbox lease")
else:
    # One .eml file per message, named by its Message-ID: a re-send replaces the same file.
    EMAIL_BACKEND = "walletdesk.outbox.mailfiles.EmailFileBackend"
    EMAIL_FILE_PATH = str(OUTBOX_DIR / "email")
DEFAULT_FROM_EMAIL = env_str("WALLETDESK_FROM_EMAIL", "support@walletdesk.example")

# --- Safety -------------------------------------------------------------------------------
# Every inbound text passes this callable (a dotted path) before it is stored; empty: the
# built-in one (walletdesk.safety.redaction).
WALLETDESK_REDACTOR = env_str("WALLETDESK_REDACTOR", "")

# --- Wallet ---------------------------------------------------------------------------------
WALLET_GATEWAY = env_str("WALLETDESK_WALLET_GATEWAY", "sandbox")

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK: dict[str, Any] = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "walletdesk.api.auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["walletdesk.api.permissions.IsConsoleUser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "walletdesk.api.negotiation.ContentNegotiation",
    "DEFAULT_PARSER_CLASSES": [
        "walletdesk.api.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "walletdesk.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "walletdesk.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["walletdesk.api.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": env_str("WALLETDESK_API_RATE", "600/minute")},
    "UNAUTHENTICATED_USER": None,
}
# Every public endpoint (no token: verification, and the pages that call it) per client.
WALLETDESK_PUBLIC_API_RATE = env_str("WALLETDESK_PUBLIC_API_RATE", "60/minute")
# --- Live chat (walletdesk.chat) -------------------------------------------------------------
# Sites that may embed the chat widget (its pages may be framed by them and their pages may open
# its websocket), as origins: https://shop.example. The rest of the product stays unframeable.
CHAT_ALLOWED_ORIGINS = env_list("WALLETDESK_CHAT_ALLOWED_ORIGINS", [])
# The secret the wallet app signs its identity tokens with (HMAC-SHA256); empty: app tokens off.
CHAT_IDENTITY_SECRET = env_str("WALLETDESK_CHAT_IDENTITY_SECRET")
# When agents answer chats, in TIME_ZONE: "HH:MM-HH:MM" every day; empty: around the clock.
CHAT_HOURS = env_str("WALLETDESK_CHAT_HOURS", "08:00-22:00")
# An estimated wait above this many seconds is "peak": the widget offers to leave a message.
CHAT_PEAK_WAIT_SECONDS = env_int("WALLETDESK_CHAT_PEAK_WAIT_SECONDS", 600)
# Concurrent chats an agent takes unless their presence says otherwise.
CHAT_DEFAULT_CAPACITY = env_int("WALLETDESK_CHAT_DEFAULT_CAPACITY", 3)
# Messages a chat socket may send per minute (customers and agents alike).
CHAT_MESSAGES_PER_MINUTE = env_int("WALLETDESK_CHAT_MESSAGES_PER_MINUTE", 30)
# The assistant hands over to a person below this confidence (0..1; the default is where its
# accuracy on the held-out utterances falls off, see ARCHITECTURE.md, "Assistant").
WALLETDESK_ASSISTANT_THRESHOLD = env_float("WALLETDESK_ASSISTANT_THRESHOLD", 0.5)
if not 0.0 <= WALLETDESK_ASSISTANT_THRESHOLD <= 1.0:
    raise ConfigError("WALLETDESK_ASSISTANT_THRESHOLD must be between 0 and 1")
# Train the assistant in a thread as each server process starts (a few CPU-seconds), so the first
# guess is quick; off, the first guess in a process trains it.
WALLETDESK_ASSISTANT_WARM_UP = env_bool("WALLETDESK_ASSISTANT_WARM_UP", True)
SPECTACULAR_SETTINGS = {
    "TITLE": "WalletDesk API",
    "DESCRIPTION": "Tickets, messages and customers of the WalletDesk customer-service system.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "TicketStatusEnum": "walletdesk.tickets.choices.Status",
        "PostedMessageKindEnum": [("reply", "reply"), ("note", "note")],
        "AssetEnum": "walletdesk.wallet.contracts.Asset",
    },
    # Swagger UI is served from our own static files: neither we nor our users reach a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    # `<id:…>` in URLs (walletdesk.core.ids): an integer a 64-bit database id holds.
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}},
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

# --- Logging: no personal data, no secrets --------------------------------------------------
LOG_LEVEL = env_str("WALLETDESK_LOG_LEVEL", "INFO")
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "huey": {"level": "WARNING"},
        # WeasyPrint and its font subsetter narrate every page of an evidence PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

if not SECRET_KEY:
    raise ConfigError("WALLETDESK_SECRET_KEY is empty")
BASE_URL = env_str("WALLETDESK_BASE_URL", "http://127.0.0.1:8000")
