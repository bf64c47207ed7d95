"""The portal's settings without the database health check: the control case of test_postgres_herstart.py, which
shows that a restart of PostgreSQL breaks the persistent connection and that the health check is what repairs it."""

from kring.settings import *  # noqa: F403

DATABASES["default"]["CONN_HEALTH_CHECKS"] = False  # noqa: F405
