"""Test settings: the real settings with cheap hashing and immediate tasks."""

import os

os.environ.setdefault(
    "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
)

from hbte.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["private"]["OPTIONS"]["location"] = BASE_DIR / "var" / "test-private"  # noqa: F405
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
HBTE_MESSAGE_SENDER = "accounts.senders.MemorySender"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405

# Parallel test workers must not clear each other's Redis cache: one database
# number per pytest-xdist worker.
if CACHES["default"]["BACKEND"].endswith("RedisCache"):  # noqa: F405
    _worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:] or 0)
    _location = CACHES["default"]["LOCATION"].rsplit("/", 1)[0]  # noqa: F405
    CACHES["default"]["LOCATION"] = f"{_location}/{10 + _worker}"  # noqa: F405
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
