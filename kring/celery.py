"""Celery for the Kringportaal: Redis when REDIS_URL is set, tasks in-process (eager) otherwise. See settings."""

import logging
import os

from celery import Celery, bootsteps

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kring.settings")

logger = logging.getLogger(__name__)

app = Celery("kring")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


class WachtendeRapportenNaVerbinding(bootsteps.StartStopStep):
    """Each time a worker's consumer (re)connects to the broker, at start and after Redis was gone, it queues the task
    that sends the reports waiting for the broker: so they are made as soon as Redis is back, not at the next beat."""

    requires = {"celery.worker.consumer.tasks:Tasks"}

    def start(self, c):
        try:
            c.app.send_task(
                "kring.tasks.send_wachtende_rapporten",
                retry=True,  # a pooled connection from before the outage is replaced, not a reason to give up
                retry_policy={"max_retries": 2, "interval_start": 0.5, "interval_step": 0.5},
            )
        except Exception:  # noqa: BLE001 (never stop a consumer from starting; the beat schedule sends it too)
            logger.warning("Wachtende rapporten niet verstuurd bij het verbinden met de broker", exc_info=True)


app.steps["consumer"].add(WachtendeRapportenNaVerbinding)
