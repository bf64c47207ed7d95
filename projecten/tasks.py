"""Celery tasks of the projecten part: thin, take ids, idempotent (acks late, see settings)."""

# -- projecten
# -- kalender
# -- spreiding
# -- gebieden
# -- import
