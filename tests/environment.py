"""Loaded by pytest before Django (`-p tests.environment` in pyproject.toml):
the environment a test run needs that a production server must set itself."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret-0123456789abcdef")
