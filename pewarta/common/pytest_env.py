"""Loaded by pytest before Django starts (see addopts): environment for the test suite."""

import os

os.environ.setdefault("HUEY_IMMEDIATE", "1")
os.environ.setdefault("PEWARTA_FAST_PASSWORD_HASHER", "1")
# Reader-site fragments are invalidated on commit, which TestCase transactions never reach.
os.environ.setdefault("PEWARTA_FRAGMENT_CACHE", "0")
os.environ.setdefault("PEWARTA_RATE_LIMIT_STORE", "memory")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
