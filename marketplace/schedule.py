"""Beat's schedule (settings.CELERY_BEAT_SCHEDULE) kept in one process, for
`make run` where no broker is configured: no beat, no worker, so without
this nothing would expire unpaid orders, sweep, or make the weekly payouts.
`manage.py run_schedule` runs it.

Each due task is called here (Task.apply: its own code and retries), one at a
time, never sent to a broker. As with beat, a task first runs at its first
scheduled time after the start, and runs missed while nothing was running
are not made up (the sweeps catch up by themselves).
"""

import logging
import time
from dataclasses import dataclass

from celery import current_app
from celery.schedules import maybe_schedule

logger = logging.getLogger(__name__)

# The longest sleep between two looks at the schedule.
MAX_SLEEP_SECONDS = 30.0


@dataclass
class Entry:
    name: str
    task: str
    schedule: object  # a celery schedule: crontab, or every so many seconds
    args: tuple
    kwargs: dict
    last_run_at: object  # an aware datetime


class InProcessSchedule:
    def __init__(self, beat_schedule: dict):
        app = current_app._get_current_object()
        app.loader.import_default_modules()  # every app's tasks.py, as a worker loads them
        now = app.now()
        self.entries = {
            name: Entry(
                name=name,
                task=spec["task"],
                schedule=maybe_schedule(spec["schedule"], app=app),
                args=tuple(spec.get("args", ())),
                kwargs=dict(spec.get("kwargs", {})),
                last_run_at=now,
            )
            for name, spec in beat_schedule.items()
        }

    def run_due(self) -> float:
        """Run every task that is due; answer the seconds until the next look."""
        waits = [MAX_SLEEP_SECONDS]
        for entry in self.entries.values():
            due, wait = entry.schedule.is_due(entry.last_run_at)
            if due:
                entry.last_run_at = entry.schedule.now()
                self.run(entry.name)
            waits.append(wait)
        return max(min(waits), 0.0)

    def run(self, name: str) -> bool:
        """Run one scheduled task now, here; False when it failed (logged)."""
        entry = self.entries[name]
        task = current_app.tasks[entry.task]
        started = time.monotonic()
        try:
            result = task.apply(args=entry.args, kwargs=entry.kwargs, throw=True)
        except Exception:
            logger.exception("Scheduled task %s (%s) failed", name, entry.task)
            return False
        logger.info("Scheduled task %s: %r in %.1f s", name, result.result, time.monotonic() - started)
        return True
