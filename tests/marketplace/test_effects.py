"""Side effects leave a transaction one way (marketplace/effects.py): only
once it commits, and with the broker down the request still succeeds, the
task waits as a PendingTask row, and the sweep sends it once the broker is
back."""

import logging
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import transaction

from artisans import services
from artisans.models import ArtisanProfile, VerificationStatus
from artisans.tasks import send_verification_email
from config.celery import app as celery_app
from marketplace import effects
from marketplace.models import PendingTask, User
from marketplace.tasks import pending_tasks_sweep
from tests.factories import UserFactory
from tests.flows.test_celery_worker import broker_mode, make_applicant, wait_for  # noqa: F401  (fixture)

UNREACHABLE = "redis://127.0.0.1:1/0"  # nothing listens on port 1: every connection is refused


@pytest.fixture
def broker_at(broker_mode):  # noqa: F811
    """Point Celery's producers at another broker URL; the real one is back after the test."""
    real = celery_app.conf.broker_url

    def point(url):
        celery_app.conf.broker_url = url
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    point.real = real
    yield point
    point(real)


def status_of(artisan) -> str:
    return ArtisanProfile.objects.get(pk=artisan.pk).verification_status


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_a_verification_succeeds_and_the_sweep_sends_its_e_mail_later(client_for, broker_at):
    applicant, admin = make_applicant()
    broker_at(UNREACHABLE)

    started = time.monotonic()
    response = client_for(admin).post(f"/api/v1/manage/artisans/{applicant.pk}/verify/")
    took = time.monotonic() - started
    stored = list(PendingTask.objects.values_list("task", "args", "attempts"))
    swept_while_down = pending_tasks_sweep()
    attempts_while_down = PendingTask.objects.get().attempts

    broker_at(broker_at.real)
    swept = pending_tasks_sweep()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        delivered = wait_for(lambda: len(mail.outbox) == 1)

    assert (response.status_code, status_of(applicant)) == (200, VerificationStatus.VERIFIED)
    event_pk = applicant.verification_events.get().pk
    assert stored == [("artisans.tasks.send_verification_email", [event_pk], 1)]
    assert took < 3  # one refused connection, not kombu's reconnect loop (~6 s)
    assert (swept_while_down, attempts_while_down) == (0, 2)
    assert (swept, PendingTask.objects.count(), delivered) == (1, 0, True)
    assert mail.outbox[0].to == [applicant.user.email]


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_task_refused_twice_is_stored_once(broker_at):
    broker_at(UNREACHABLE)

    effects.task_enqueue_on_commit(send_verification_email, 41)  # no transaction: sent at once
    effects.task_enqueue_on_commit(send_verification_email, 41)
    effects.task_enqueue_on_commit(send_verification_email, 42)

    rows = PendingTask.objects.order_by("pk").values_list("args", "attempts")
    assert list(rows) == [([41], 2), ([42], 1)]
    assert "OperationalError" in PendingTask.objects.first().last_error


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_queues_nothing_even_to_store(broker_at):
    applicant, admin = make_applicant()
    broker_at(UNREACHABLE)

    with pytest.raises(RuntimeError), transaction.atomic():
        services.artisan_verify(artisan=applicant, actor=admin)
        raise RuntimeError("the caller's next step failed")
    after_rollback = (status_of(applicant), PendingTask.objects.count())
    services.artisan_verify(artisan=applicant, actor=admin)

    assert after_rollback == (VerificationStatus.PENDING, 0)
    assert PendingTask.objects.count() == 1  # the committed one would have been sent


@pytest.mark.django_db(transaction=True)
def test_without_a_broker_the_task_runs_in_process_once_committed_and_never_after_a_rollback():
    applicant, admin = make_applicant()

    with pytest.raises(RuntimeError), transaction.atomic():
        services.artisan_verify(artisan=applicant, actor=admin)
        raise RuntimeError("the caller's next step failed")
    after_rollback = len(mail.outbox)
    with transaction.atomic():
        services.artisan_verify(artisan=applicant, actor=admin)
        before_commit = len(mail.outbox)

    assert celery_app.conf.task_always_eager
    assert (after_rollback, before_commit) == (0, 0)
    assert [message.to for message in mail.outbox] == [[applicant.user.email]]
    assert not PendingTask.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_effect_that_fails_after_commit_is_logged_and_the_commit_stands(caplog):
    def bump():
        raise ConnectionError("cache unreachable")

    with caplog.at_level(logging.ERROR), transaction.atomic():
        user = UserFactory()
        effects.after_commit(bump)

    assert User.objects.filter(pk=user.pk).exists()
    assert "cache unreachable" in caplog.text


# --- the operators' view of what waits ------------------------------------------------------------------


def test_operators_see_the_pending_tasks_and_cooperative_admins_do_not(
    db, superuser, cooperative_admin, admin_client_for
):
    PendingTask.objects.create(task="artisans.tasks.send_verification_email", args=[7], last_error="refused")

    as_operator = admin_client_for(superuser).get("/admin/marketplace/pendingtask/")
    as_cooperative_admin = admin_client_for(cooperative_admin).get("/admin/marketplace/pendingtask/")

    assert (as_operator.status_code, b"refused" in as_operator.content) == (200, True)
    assert as_cooperative_admin.status_code == 403


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_admin_action_queues_the_pending_tasks_once_the_broker_is_back(superuser, admin_client_for, broker_mode):  # noqa: F811
    task = PendingTask.objects.create(task="artisans.tasks.send_verification_email", args=[7])

    response = admin_client_for(superuser).post(
        "/admin/marketplace/pendingtask/", {"action": "send_now", "_selected_action": [task.pk]}
    )

    assert response.status_code == 302
    assert not PendingTask.objects.exists()
