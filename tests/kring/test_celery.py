"""Celery wiring: the beat schedule points at real tasks; without Redis tasks run in-process; with Redis a worker
runs them."""

import importlib
import time

from django.conf import settings

import pytest

from kring.celery import app


@pytest.mark.parametrize("naam", list(settings.CELERY_BEAT_SCHEDULE))
def test_every_scheduled_task_imports(naam):
    pad = settings.CELERY_BEAT_SCHEDULE[naam]["task"]
    module, functie = pad.rsplit(".", 1)
    task = getattr(importlib.import_module(module), functie)
    assert task.name == pad


def test_celery_configuration():
    conf = app.conf
    assert conf.task_acks_late is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_serializer == "json" and conf.accept_content == ["json"]
    assert conf.task_soft_time_limit < conf.task_time_limit
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > conf.task_time_limit


def test_eager_without_redis():
    assert settings.CELERY_TASK_ALWAYS_EAGER is (not settings.REDIS_URL)


@pytest.mark.django_db
def test_clear_expired_sessions_removes_only_expired():
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from kring.tasks import clear_expired_sessions

    Session.objects.create(session_key="oud" * 10, session_data="", expire_date=timezone.now() - timedelta(days=1))
    Session.objects.create(session_key="nieuw" * 6, session_data="", expire_date=timezone.now() + timedelta(days=1))
    clear_expired_sessions.delay()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["nieuw" * 6]


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_real_worker_sends_registration_mail_through_redis():
    """With REDIS_URL a real worker (in a thread of this process) takes the task from Redis and runs it."""
    from django.core import mail

    from celery.contrib.testing.worker import start_worker

    from kring.tasks import mail_registration_to_beheerders
    from tests.factories import OrganisatieFactory, UserFactory

    UserFactory(beheerder=True, email="beheer@kring.test", organisatie=OrganisatieFactory(gemeente=True))
    aanvrager = UserFactory(aangevraagd=True, naam="Via Redis")
    assert not app.conf.task_always_eager
    with start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=10):
        result = mail_registration_to_beheerders.delay(aanvrager.pk)
        deadline = time.monotonic() + 20
        while not mail.outbox and time.monotonic() < deadline:
            time.sleep(0.1)
    assert result.id
    assert [m.bcc for m in mail.outbox] == [["beheer@kring.test"]]
    assert "Via Redis" in mail.outbox[0].body
