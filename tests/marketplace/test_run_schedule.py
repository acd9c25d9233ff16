"""Scheduled work without a broker (`make run`): `manage.py run_schedule`
runs beat's schedule in its own process, each task when it is due."""

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from marketplace.schedule import MAX_SLEEP_SECONDS, InProcessSchedule
from orders.models import Order, OrderStatus
from tests.payments.conftest import checkout_placed, local_stripe  # noqa: F401  (fixture)


def unpaid_order_past_its_deadline(key: str) -> Order:
    _client, body = checkout_placed(lines=(("300.00", 1),), key=key)
    Order.objects.filter(number=body["order"]["number"]).update(expires_at=timezone.now() - timedelta(minutes=1))
    return Order.objects.get(number=body["order"]["number"])


def status_of(order) -> str:
    return Order.objects.get(pk=order.pk).status


@pytest.mark.django_db(transaction=True)
def test_once_runs_every_scheduled_task_here_and_the_unpaid_order_expires(local_stripe):  # noqa: F811
    order = unpaid_order_past_its_deadline("schedule-once-1")
    output = StringIO()

    call_command("run_schedule", "--once", stdout=output)

    assert status_of(order) == OrderStatus.CANCELLED
    assert output.getvalue().strip() == f"{len(settings.CELERY_BEAT_SCHEDULE)} scheduled task(s) run."


@pytest.mark.django_db(transaction=True)
def test_a_due_task_runs_once_then_waits_for_its_next_time(local_stripe):  # noqa: F811
    hourly = {"task": "orders.tasks.orders_expire_unpaid", "schedule": timedelta(hours=1)}
    schedule = InProcessSchedule({"expiry": hourly})
    schedule.entries["expiry"].last_run_at -= timedelta(hours=2)  # its last run was two hours ago: due
    first = unpaid_order_past_its_deadline("schedule-due-1")

    schedule.run_due()
    second = unpaid_order_past_its_deadline("schedule-due-2")
    wait = schedule.run_due()

    assert status_of(first) == OrderStatus.CANCELLED
    assert status_of(second) == OrderStatus.AWAITING_PAYMENT  # its turn comes in an hour
    assert wait == MAX_SLEEP_SECONDS
