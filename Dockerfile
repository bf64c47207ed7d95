# Production image of the Kringportaal: gunicorn on port 8000, static files served by WhiteNoise.
# The same image runs the Celery worker and beat (see docker-compose.yml). Configuration comes from the environment
# (README table); the image holds no secret.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_ROOT_USER_ACTION=ignore

# Shared libraries WeasyPrint needs for PDF reports (pango, harfbuzz) and one font family; nothing else.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# pg_dump and pg_restore for `manage.py backup` and `restore`. Their major version must be at least the server's
# (docker-compose.yml: postgres:16), and Debian 12 ships 15, so they come from the PostgreSQL project's own apt
# repository (apt.postgresql.org), set up with the signing key that postgresql-common ships.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates postgresql-common \
    && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
    && apt-get install -y --no-install-recommends postgresql-client-16 \
    && rm -rf /var/lib/apt/lists/*

# Unprivileged user that runs the application. The code stays root-owned and read-only; the user owns only what it
# must write: uploads, the beat schedule, backups, and its home (fontconfig's cache for WeasyPrint, gunicorn's
# control socket).
RUN groupadd --system --gid 1000 kring \
    && useradd --system --uid 1000 --gid kring --create-home --home-dir /home/kring --shell /usr/sbin/nologin kring

# Dependencies first, in their own layer: it is rebuilt only when pyproject.toml or the lock changes.
# The project installs no package of its own ([tool.setuptools] packages = []), only its dependencies, each at the
# exact version of requirements.lock (`make lock`), so the image runs what CI tested.
COPY pyproject.toml requirements.lock /tmp/build/
RUN pip install --no-cache-dir -c /tmp/build/requirements.lock /tmp/build && rm -rf /tmp/build

WORKDIR /app
COPY . .

# Static files are collected once, at build time. Production settings refuse to load without a real secret key and
# allowed hosts, so this one command gets throw-away values that never reach the running container.
RUN DJANGO_DEBUG=False \
    DJANGO_SECRET_KEY=build-time-only-collectstatic-not-a-secret-0123456789abcdef \
    DJANGO_ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --no-input \
    && mkdir -p /app/media /app/var/beat /app/var/backups \
    && chown -R kring:kring /app/media /app/var

ENV DJANGO_DEBUG=False \
    WEB_CONCURRENCY=5

USER 1000:1000

EXPOSE 8000

# WEB_CONCURRENCY (gunicorn's own variable) sets the number of worker processes: 2 x cores + 1, so 5 for a 2-core host,
# each handling one request at a time. Threads were tried (3 x 4): Python's GIL then lets one CPU-heavy request (a login's
# password hash, a page built anew) stall the others in its process, and `make soak` had a p99 of 926 ms against 275 ms
# with 5 plain processes. The proxy in front buffers slow clients. Set WEB_CONCURRENCY per deployment; other options can be added with GUNICORN_CMD_ARGS (the flags below win over it). Access log to stdout,
# error log to stderr, for `docker compose logs`. No HEALTHCHECK here: the worker and beat run this image too, so
# each service gets its own check in docker-compose.yml.
CMD ["gunicorn", "kring.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--timeout", "60", \
     "--graceful-timeout", "30", \
     "--max-requests", "1000", \
     "--max-requests-jitter", "100", \
     "--access-logfile", "-", \
     "--error-logfile", "-"]
