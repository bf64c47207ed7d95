"""Celery tasks of SROI: thin, take ids, call a service, idempotent."""

# -- verplichtingen

# -- pool
