"""Loaded by pytest before Django (`-p tests.environment` in pyproject.toml):
the environment a test run needs that a production server must set itself."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret-0123456789abcdef")
# The test client and the live server speak plain HTTP (tests/security sets HTTPS where it matters).
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
