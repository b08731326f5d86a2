"""Settings for the test suite: the product's settings, with a throwaway data directory and
tasks run inline. DATABASE_URL / REDIS_URL still choose SQLite or PostgreSQL + Redis."""

import os
import tempfile

os.environ.setdefault("WALLETDESK_DATA_DIR", tempfile.mkdtemp(prefix="walletdesk-test-"))
os.environ.setdefault("WALLETDESK_TASKS_IMMEDIATE", "1")
os.environ.setdefault(
    "WALLETDESK_SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789"
)

from walletdesk.config.settings import *  # noqa: F403

PASSWORD_HASHERS = [
    # Argon2 with cheap parameters would still dominate test time; MD5 is for tests only.
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Every test client builds its own middleware chain, and WhiteNoise, told to use the finders,
# would stat and index every static file of every app each time (about 90 ms, over a minute of
# each run). Looking a file up when it is asked for serves the same files with the same headers.
WHITENOISE_AUTOREFRESH = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # A throwaway database need not wait for its log to reach the disk at each commit (2-7 ms
    # here, and the transactional tests commit thousands of times, flushes included). What
    # each connection sees of the others is unchanged; only a crash could lose a commit.
    DATABASES["default"]["OPTIONS"]["options"] = "-c synchronous_commit=off"  # noqa: F405
