# syntax=docker/dockerfile:1
# Souk: one image for the web server (gunicorn), the Celery worker and beat,
# and the one-off `migrate` job (see docker-compose.yml).
#
# Debian bookworm is pinned so the system package names below stay valid.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

# WeasyPrint's system libraries (export paperwork PDFs), installed ahead of
# the Python package so that adding it later only touches requirements.txt.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
    && rm -rf /var/lib/apt/lists/*

# The app runs as this user; it owns only var/ (media, beat schedule).
RUN groupadd --system --gid 10001 souk \
    && useradd --system --uid 10001 --gid souk --create-home --home-dir /home/souk --shell /usr/sbin/nologin souk

WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# Static files are collected at build time (whitenoise serves them, with the
# manifest storage that DEBUG=0 selects). The SECRET_KEY here is a throwaway
# that only lets settings load; it does not end up in the image's environment.
RUN DEBUG=0 SECRET_KEY=build-only-collectstatic python manage.py collectstatic --noinput \
    && mkdir -p var/media \
    && chown -R souk:souk var

USER souk

EXPOSE 8000

CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--worker-tmp-dir", "/dev/shm", "--access-logfile", "-"]
