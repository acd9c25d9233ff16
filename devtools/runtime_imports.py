"""Imports every module of the apps with whatever Python runs it: run with
the virtual environment built from requirements.txt alone, a module that
needs a development package (or a runtime one missing from the file) fails
here, before any server starts. Also imports what Celery loads lazily at run
time for a Redis broker (kombu's transport), which no app imports itself.

    var/prod-venv/bin/python -m devtools.runtime_imports
"""

import importlib
import os
import pkgutil
import sys
import traceback

APPS = ("config", "marketplace", "artisans", "catalog", "orders", "payments", "demo")
# Loaded by name at run time, never by an import statement of ours.
LAZY = ("kombu.transport.redis", "celery.backends.redis", "gunicorn.app.wsgiapp", "whitenoise.middleware")


def module_names() -> list[str]:
    names = []
    for app in APPS:
        package = importlib.import_module(app)
        names.append(app)
        for module in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            names.append(module.name)
    return names


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    failures = []
    names = [*module_names(), *LAZY]
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # every failure is reported, not only the first
            failures.append((name, traceback.format_exc(limit=3)))
    for name, trace in failures:
        print(f"cannot import {name}:\n{trace}", file=sys.stderr)
    print(f"{len(names) - len(failures)} of {len(names)} modules import with {sys.executable}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
