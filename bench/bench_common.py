"""What the catalog and orders benchmarks share. Both run as scripts
(`python bench/run.py`), so this is imported as a sibling module."""

import sys
from datetime import datetime


class BenchError(Exception):
    """The run itself failed (a server, a probe, a tool): exit status 1."""


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)
