"""Every test's Stripe provider speaks HTTP through this client: the SDK's own
RequestsClient, noting for each request whether one of our database
transactions was open when it left (DESIGN.md: no network call inside a
transaction). The test transactions of pytest-django (Django's TestCase) do
not count: only blocks that the code under test opened."""

import threading

import requests
import stripe
from django.db import connections


def transactions_open() -> list[str]:
    """The databases on which the calling thread holds a transaction of its own."""
    names = []
    for connection in connections.all(initialized_only=True):
        blocks = connection.atomic_blocks
        if connection.in_atomic_block and any(not getattr(block, "_from_testcase", False) for block in blocks):
            names.append(connection.alias)
        elif connection.in_atomic_block and not blocks:
            names.append(connection.alias)  # autocommit off by hand: a transaction all the same
    return names


class TransactionCheckingClient(stripe.RequestsClient):
    def __init__(self, **options):
        super().__init__(**options)
        self._lock = threading.Lock()
        self.sent: list[tuple[str, str, list[str]]] = []  # method, url, databases in a transaction

    def request(self, method, url, headers, post_data=None, **kwargs):
        with self._lock:
            self.sent.append((method.upper(), url, transactions_open()))
        return super().request(method, url, headers, post_data, **kwargs)

    def inside_transactions(self) -> list[tuple[str, str, list[str]]]:
        return [request for request in self.sent if request[2]]


class TransactionCheckingSession(requests.Session):
    """The same check for providers that speak plain HTTP (CMI's back-office API)."""

    def __init__(self):
        super().__init__()
        self._lock = threading.Lock()
        self.sent: list[tuple[str, str, list[str]]] = []

    def request(self, method, url, *args, **kwargs):
        with self._lock:
            self.sent.append((method.upper(), url, transactions_open()))
        return super().request(method, url, *args, **kwargs)

    def inside_transactions(self) -> list[tuple[str, str, list[str]]]:
        return [request for request in self.sent if request[2]]
