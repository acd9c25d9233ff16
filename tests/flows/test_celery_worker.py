"""Tasks really go through Redis to a Celery worker when a broker is set, and
run in the caller's process when none is."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from artisans import services
from artisans.models import VerificationStatus
from config.celery import app as celery_app
from tests.factories import ArtisanFactory, CooperativeFactory, UserFactory


def wait_for(condition, seconds=15.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def broker_mode():
    celery_app.conf.task_always_eager = False
    celery_app.control.purge()
    yield
    celery_app.control.purge()
    celery_app.conf.task_always_eager = True


def make_applicant():
    admin = UserFactory(is_staff=True)
    cooperative = CooperativeFactory(admins=[admin])
    applicant = ArtisanFactory(cooperative=cooperative, verification_status=VerificationStatus.PENDING)
    applicant.user.preferred_language = "en"
    applicant.user.save()
    return applicant, admin


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_verification_email_goes_through_redis_to_a_real_worker(broker_mode):
    applicant, admin = make_applicant()

    services.artisan_verify(artisan=applicant, actor=admin)
    queued_without_worker = len(mail.outbox)
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        delivered = wait_for(lambda: len(mail.outbox) == 1)

    assert queued_without_worker == 0  # the task waited in Redis, it did not run in process
    assert delivered
    assert mail.outbox[0].to == [applicant.user.email]


@pytest.mark.django_db
def test_without_a_broker_the_task_runs_in_process_on_commit(django_capture_on_commit_callbacks):
    applicant, admin = make_applicant()

    with django_capture_on_commit_callbacks(execute=True):
        services.artisan_verify(artisan=applicant, actor=admin)

    assert celery_app.conf.task_always_eager
    assert [message.to for message in mail.outbox] == [[applicant.user.email]]
