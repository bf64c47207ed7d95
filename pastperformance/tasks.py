"""Celery tasks of past performance: thin, take ids, call a service, idempotent."""

# -- rondes
# -- bespreking
# -- profielen
