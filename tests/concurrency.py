"""Races: one call run in several threads at once, each with its own
database connection (PostgreSQL tests with transaction=True)."""

import threading

from django.db import connection


def at_once(call, *, times: int = 2, timeout: float = 30) -> list:
    """Run `call()` in `times` threads released together; their results, in
    the order they finished."""
    barrier = threading.Barrier(times)
    results = []

    def run():
        try:
            barrier.wait(timeout=timeout)
            results.append(call())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return results
