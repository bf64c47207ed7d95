"""Celery tasks of the werkgroepen part: thin, take ids, idempotent (acks late, see settings)."""

from celery import shared_task

# -- werkgroepen
# -- uitvoeringsagenda
# -- bijeenkomsten
# -- signalen en agenda-feed
# -- kennisbank
