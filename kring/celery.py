"""Celery for the Kringportaal: Redis when REDIS_URL is set, tasks in-process (eager) otherwise. See settings."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kring.settings")

app = Celery("kring")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
