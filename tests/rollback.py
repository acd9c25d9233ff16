"""A block rolled back at its end, for tests that need a clean world per
example (Hypothesis) or per request (the fuzzer, the permission matrix)."""

from contextlib import contextmanager

from django.db import transaction


@contextmanager
def rolled_back():
    """Marked as a test's own block, as Django's TestCase marks its own, so
    durable services (checkout, cancellations) run inside it as they run in a
    test, and the provider-call check does not count it as ours."""
    block = transaction.atomic()
    block._from_testcase = True
    with block:
        yield
        transaction.set_rollback(True)
