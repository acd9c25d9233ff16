"""Refresh the export dashboard's daily roll-up (analytics.rollup): the days
changed since the last refresh, or every day with --full."""

import time

from django.core.management.base import BaseCommand

from analytics.services import export_rollup_refresh


class Command(BaseCommand):
    help = "Refresh the export dashboard's daily roll-up: the days changed since the last refresh. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="Rewrite every day, not only the changed ones.")

    def handle(self, *args, full=False, **options):
        started = time.monotonic()
        result = export_rollup_refresh(full=full)
        days = "every day" if result["days"] is None else f"{result['days']} day(s)"
        self.stdout.write(
            self.style.SUCCESS(
                f"Export roll-up: {days} rewritten in {time.monotonic() - started:.1f} s, "
                f"refreshed through {result['refreshed_through']}."
            )
        )
