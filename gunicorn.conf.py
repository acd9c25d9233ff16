"""gunicorn's settings file: gunicorn reads ./gunicorn.conf.py from its
working directory (the image's /app) before its command-line options.

Prometheus with several worker processes (marketplace/metrics.py): with
PROMETHEUS_MULTIPROC_DIR set, each process writes its counts into files in
that folder and /metrics adds them up. The folder is emptied when gunicorn
starts (counts of an earlier run would be added to this one's), and a worker
that exits is marked dead (its counts stay; its live gauges, if any, go)."""

import os
from pathlib import Path


def on_starting(server):
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    for stale in Path(folder).glob("*.db"):
        stale.unlink()


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
