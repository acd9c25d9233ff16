"""The stock moves and the artisan's own edits lock a product and its
variants in the same order (the product first), on PostgreSQL: a checkout
taking a variant's stock while the artisan edits that product waits for the
edit instead of deadlocking with it."""

import threading
import time

import pytest
from django.db import connection, transaction

from catalog import locks as catalog_locks
from catalog.models import Variant
from orders.stock import stock_take
from tests.factories import ProductFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def in_thread(call, errors: list) -> threading.Thread:
    def run():
        try:
            call()
        except Exception as error:  # a deadlock PostgreSQL broke, raised in this thread
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_checkout_waits_for_the_artisans_edit_of_the_product_instead_of_deadlocking():
    variant = ProductFactory().variants.get()
    product_held = threading.Event()
    errors = []

    def artisan_edit():
        # What catalog.services.variant_update does: the product, then its variant.
        with transaction.atomic():
            catalog_locks.product_for_update(variant.product_id)
            product_held.set()
            time.sleep(1.5)  # the checkout meanwhile reaches its first lock (PostgreSQL's deadlock_timeout is 1 s)
            catalog_locks.variants_for_update(ids=[variant.pk])

    def checkout():
        product_held.wait(10)
        with transaction.atomic():
            stock_take({variant.pk: 1})

    threads = [in_thread(artisan_edit, errors), in_thread(checkout, errors)]
    for thread in threads:
        thread.join(30)

    assert errors == []
    assert Variant.objects.get(pk=variant.pk).stock == 4
