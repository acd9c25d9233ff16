"""Run the scheduled tasks in this process (marketplace/schedule.py): what
beat and a worker do in production, for `make run` without a broker."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from marketplace.schedule import InProcessSchedule


class Command(BaseCommand):
    help = (
        "Run the scheduled tasks (CELERY_BEAT_SCHEDULE: order expiry, sweeps, payouts) in this process, "
        "on their schedule, without a broker. --once: run each of them once, now, and exit."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every scheduled task once, now, and exit.")

    def handle(self, *args, once=False, **options):
        schedule = InProcessSchedule(settings.CELERY_BEAT_SCHEDULE)
        if settings.REDIS_URL:
            self.stderr.write(
                "REDIS_URL is set: in production beat and a worker run these tasks; running them here anyway."
            )
        if once:
            failed = [name for name in schedule.entries if not schedule.run(name)]
            ran = len(schedule.entries) - len(failed)
            self.stdout.write(f"{ran} scheduled task(s) run" + (f"; failed: {', '.join(failed)}" if failed else "."))
            return
        names = ", ".join(schedule.entries)
        self.stdout.write(f"Running the scheduled tasks in this process ({names}); Ctrl-C stops.")
        try:
            while True:
                # As around a web request: drop connections past CONN_MAX_AGE or broken
                # (a restarted database), so one outage does not fail every later run.
                close_old_connections()
                time.sleep(schedule.run_due())
        except KeyboardInterrupt:
            return
