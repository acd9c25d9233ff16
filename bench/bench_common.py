"""The harness the benchmarks share (catalog, orders, webhooks, search):
options, database set-up, the server and worker processes, CPU accounting,
the machine, git state and the report. Each benchmark keeps only what it
measures. They run as scripts (`python bench/run.py`), so this is imported
as a sibling module."""

import argparse
import contextlib
import http.client
import json
import os
import platform
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
POSTGRES = "postgres://postgres@127.0.0.1:5432"


class BenchError(Exception):
    """The run itself failed (a server, a probe, a tool): exit status 1."""


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def git(*command) -> str:
    return subprocess.run(["git", *command], cwd=ROOT, capture_output=True, text=True).stdout.strip()


def git_state() -> dict:
    """Which code was measured: the exported commit, or HEAD and how many
    files outside bench/ were changed in the working tree."""
    exported = os.environ.get("BENCH_EXPORTED_FROM")
    if exported:
        return {"commit": exported, "tree": "clean export of the commit (git archive), with bench/ of the working tree"}
    changed = [line for line in git("status", "--porcelain").splitlines() if line[3:].split("/")[0] != "bench"]
    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "tree": "working tree",
        "uncommitted_changes_outside_bench": len(changed),
    }


def manage(env: dict, *command: str) -> str:
    """Run a manage.py command of the project with `env`; its output, or BenchError."""
    log("manage.py " + " ".join(command[:2]))
    result = subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BenchError(f"manage.py {' '.join(command[:2])} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def run_from_commit(commit: str, script: Path, argv: list[str]) -> int:
    """Benchmark a commit rather than the working tree (which others may be
    editing): export it with `git archive`, put this bench/ in it (its results
    aside), and run `script` there with `argv` (which should name a results
    directory outside the export)."""
    exported = git("rev-parse", "--short", commit)
    if not exported:
        log(f"error: unknown commit {commit}")
        return 1
    with tempfile.TemporaryDirectory(prefix=f"souk-{script.stem}-") as tree:
        archive = subprocess.run(
            ["git", "archive", "--format=tar", exported], cwd=ROOT, capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", tree], input=archive.stdout, check=True)
        shutil.copytree(
            BENCH, Path(tree) / "bench", dirs_exist_ok=True, ignore=shutil.ignore_patterns("results", "__pycache__")
        )
        log(f"benchmarking commit {exported}, exported to {tree}")
        command = [sys.executable, str(Path(tree) / "bench" / script.name), *argv]
        # Run from the export: Celery puts the working directory first on sys.path.
        return subprocess.run(command, cwd=tree, env={**os.environ, "BENCH_EXPORTED_FROM": exported}).returncode


def script_main(parse_args, benchmark, script: str, argv=None) -> int:
    """A benchmark script's main: its options, then with --commit the same
    script run on a clean export of that commit, else `benchmark(args)`.
    The exit status."""
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if args.commit and not os.environ.get("BENCH_EXPORTED_FROM"):
        return run_from_commit(args.commit, Path(script).resolve(), [*argv, "--results-dir", str(args.results_dir)])
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the servers when killed
    return benchmark(args)


def report_write(results_dir: Path, name: str, report: dict) -> Path:
    """The run's report as results_dir/<name>.json; its path."""
    results_dir.mkdir(parents=True, exist_ok=True)
    out = results_dir / f"{name}.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    return out


# --- options ------------------------------------------------------------------------------


def argument_parser(doc: str) -> argparse.ArgumentParser:
    """A parser described by the first paragraph of the script's docstring."""
    return argparse.ArgumentParser(description=doc.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter)


def options_database(parser, *, database: str, reuse_help: str | None = None) -> None:
    """--database, --postgres (BENCH_POSTGRES) and, with its help, --reuse-db."""
    parser.add_argument("--database", default=database, help=f"database to (re)create (default {database})")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES", POSTGRES),
        help=f"PostgreSQL server URL, without a database (default {POSTGRES})",
    )
    if reuse_help:
        parser.add_argument("--reuse-db", action="store_true", help=reuse_help)


def options_server(parser, *, redis_url: str, redis_env: str, redis_use: str, port: int, workers: int = 2) -> None:
    """--redis-url (flushed), --port and --workers of the gunicorn server."""
    parser.add_argument(
        "--redis-url",
        default=os.environ.get(redis_env, redis_url),
        help=f"Redis database for {redis_use}; it is flushed (default {redis_url})",
    )
    parser.add_argument("--port", type=int, default=port, help=f"port of the server (default {port})")
    parser.add_argument("--workers", type=int, default=workers, help=f"gunicorn sync workers (default {workers})")


def options_runs(parser, *, duration: int, warmup: int, repetitions: int) -> None:
    """--duration, --warmup and --repetitions of the measured runs."""
    parser.add_argument(
        "--duration", type=int, default=duration, help=f"seconds of each measured run (default {duration})"
    )
    parser.add_argument(
        "--warmup",
        type=int,
        default=warmup,
        help=f"seconds of the discarded warm-up before each run (default {warmup})",
    )
    parser.add_argument(
        "--repetitions",
        type=int,
        default=repetitions,
        help=f"measured runs; medians are reported (default {repetitions})",
    )


def options_quiet(parser, *, quiet_wait: int, max_other_cpu_help: str) -> None:
    """--max-other-cpu and --quiet-wait: how quiet the shared machine must be."""
    parser.add_argument("--max-other-cpu", type=float, default=0.15, help=max_other_cpu_help)
    parser.add_argument(
        "--quiet-wait",
        type=int,
        default=quiet_wait,
        help=f"seconds to wait for a quiet machine before a run (default {quiet_wait})",
    )


def options_output(parser, *, output: str) -> None:
    """--output, the hidden --results-dir and --commit."""
    parser.add_argument("--output", default=output, help=f"results file name in bench/results/ (default {output})")
    parser.add_argument("--results-dir", type=Path, default=BENCH / "results", help=argparse.SUPPRESS)
    parser.add_argument(
        "--commit",
        help="benchmark this commit (a clean `git archive` export, with this bench/) instead of the working tree",
    )


def modules_missing(*modules: str) -> list[str]:
    """The Python packages among `modules` this interpreter cannot import."""
    missing = []
    for module in modules:
        try:
            __import__(module)
        except ImportError:
            missing.append(module)
    return missing


# --- database and Redis -------------------------------------------------------------------


def psql(postgres: str, database: str):
    """An autocommit connection to `database` on the server at `postgres`."""
    import psycopg

    return psycopg.connect(f"{postgres.rstrip('/')}/{database}", autocommit=True)


def database_recreate(postgres: str, database: str, *, reuse: bool = False) -> None:
    """Drop and create `database`; with `reuse`, only check it is there."""
    with psql(postgres, "postgres") as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if reuse:
            if not exists:
                raise BenchError(f"--reuse-db: there is no database {database} yet; run once without it.")
            return
        log(f"re-creating database {database}")
        connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{database}"')


def vacuum_analyze(postgres: str, database: str) -> None:
    with psql(postgres, database) as connection:
        log("VACUUM ANALYZE")
        connection.execute("VACUUM ANALYZE")


def database_backends(postgres: str, database: str) -> list[int]:
    """The client backends serving `database` now (not this connection's)."""
    with psql(postgres, "postgres") as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid() "
            "AND backend_type = 'client backend'",
            [database],
        ).fetchall()
    return [row[0] for row in rows]


def redis_flush(redis_url: str) -> None:
    import redis

    redis.Redis.from_url(redis_url).flushdb()


# --- server and worker processes ----------------------------------------------------------


def server_env(
    *,
    postgres: str,
    database: str,
    redis_url: str,
    conn_max_age: int,
    settings_module: str = "config.settings",
    database_query: str = "",
    drop: tuple[str, ...] = ("GUNICORN_", "DJANGO_"),
    **extra: str,
) -> dict:
    """The environment of gunicorn, Celery and manage.py: the project's
    settings over plain HTTP on loopback, DEBUG off, Redis as cache and
    broker; `extra` variables on top. Variables starting with `drop` are not
    inherited."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(drop)}
    env.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        DATABASE_URL=f"{postgres.rstrip('/')}/{database}{database_query}",
        CONN_MAX_AGE=str(conn_max_age),
        REDIS_URL=redis_url,
        DEBUG="0",
        SECURE_SSL_REDIRECT="0",  # gunicorn over plain HTTP on loopback
        SECRET_KEY="bench-" + "k" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="WARNING",
        PYTHONDONTWRITEBYTECODE="1",
        THROTTLE_RATES=BUYERS_FROM_ONE_ADDRESS,
        **extra,
    )
    return env


# Every simulated buyer comes from 127.0.0.1, often with one e-mail: the
# per-client limits (config/settings.py THROTTLE_RATES) would measure the
# throttle, not the shop. The throttle's own cost (a cache increment) stays.
BUYERS_FROM_ONE_ADDRESS = ",".join(
    f"{scope}=1000000/hour"
    for scope in ("checkout_ip", "checkout_account", "cart", "cart_create_ip", "order_token", "login_ip",
                  "login_email", "register_ip", "refresh_ip", "webhook")
)  # fmt: skip


def request(port: int, method: str, path: str, body=None, headers=None) -> tuple[int, dict, bytes]:
    """One request to 127.0.0.1:`port` with a JSON `body`; (status, headers, body)."""
    # gunicorn's sync workers close the connection after each answer: one connection per request.
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        payload = json.dumps(body).encode() if body is not None else None
        all_headers = {"Accept": "application/json", "Accept-Language": "en", **(headers or {})}
        if payload is not None:
            all_headers["Content-Type"] = "application/json"
        connection.request(method, path, body=payload, headers=all_headers)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


class Process:
    """A server or worker in its own session, its output appended to
    results/logs/<name>.log."""

    def __init__(self, name: str, command: list[str], env: dict, results_dir: Path):
        self.name, self.command, self.env = name, command, env
        self.log_path = results_dir / "logs" / f"{name}.log"
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.process = None

    def start(self) -> None:
        self.log_file = self.log_path.open("ab")
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=self.env, stdout=self.log_file, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def children(self) -> list[int]:
        pid = self.process.pid
        with contextlib.suppress(OSError):
            return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        return []

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # gunicorn's master stops its workers; Celery shuts down warm
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process is not None:
            self.log_file.close()


class Server(Process):
    """gunicorn serving config.wsgi with `workers` sync workers on
    127.0.0.1:`port`, access log off; start() returns once `probe` answers 200."""

    def __init__(self, name: str, env: dict, results_dir: Path, *, port: int, workers: int, probe: str = "/healthz"):
        command = [
            sys.executable, "-m", "gunicorn", "config.wsgi:application",
            "--workers", str(workers), "--worker-class", "sync",
            "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
        ]  # fmt: skip
        super().__init__(f"gunicorn-{name}", command, env, results_dir)
        self.port, self.probe = port, probe

    def start(self) -> None:
        log(f"starting {self.name} on 127.0.0.1:{self.port}")
        super().start()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"{self.name} exited; see {self.log_path}")
            with contextlib.suppress(OSError):
                if request(self.port, "GET", self.probe)[0] == 200:
                    return
            time.sleep(0.3)
        raise BenchError(f"{self.name} did not answer {self.probe} within 60 s; see {self.log_path}")

    def worker_pids(self) -> list[int]:
        return self.children()


def stripe_emulator_env(port: int) -> dict:
    """The settings that send the project's Stripe calls to the emulator on `port`."""
    return {
        "STRIPE_SECRET_KEY": "sk_test_bench",
        "STRIPE_PUBLISHABLE_KEY": "pk_test_bench",
        "STRIPE_API_BASE": f"http://127.0.0.1:{port}",
    }


class StripeEmulator(Process):
    """The local Stripe emulator (devtools/local_stripe.py, localstripe) as a
    process of its own on 127.0.0.1:`port`, so its CPU is counted apart from
    the server's. start() returns once it answers; `env()` is what the server
    needs to start its payments there."""

    def __init__(self, results_dir: Path, *, port: int):
        command = [sys.executable, "-m", "devtools.local_stripe", "--port", str(port)]
        super().__init__("local-stripe", command, {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}, results_dir)
        self.port = port

    def env(self) -> dict:
        return stripe_emulator_env(self.port)

    def start(self) -> None:
        log(f"starting the Stripe emulator on 127.0.0.1:{self.port}")
        super().start()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"the Stripe emulator exited; see {self.log_path}")
            with contextlib.suppress(OSError):
                request(self.port, "GET", "/v1/payment_intents")  # any answer (401) means it is up
                return
            time.sleep(0.2)
        raise BenchError(f"the Stripe emulator did not answer within 30 s; see {self.log_path}")

    def wipe(self) -> None:
        """Forget every object: its requests slow down as its store grows, so
        each run starts it empty."""
        status = request(self.port, "DELETE", "/_config/data")[0]
        if status != 200:
            raise BenchError(f"the Stripe emulator refused to wipe its data ({status})")

    def pids(self) -> list[int]:
        return [self.process.pid]


# --- CPU accounting -----------------------------------------------------------------------
# Throughput on a shared machine moves with whatever else runs; the CPU time
# the servers spend per request does not (much). The benchmarks report both.

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a process; None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


def machine_cpu_seconds() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot."""
    values = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return (sum(values[:8]) - idle) / CLOCK_TICKS, sum(values[:8]) / CLOCK_TICKS


@dataclass
class CpuSpent:
    """CPU seconds spent between CpuMeter.start() and stop()."""

    groups: dict  # name -> seconds of its processes that lived throughout
    gone: dict  # name -> how many of its processes went away meanwhile (left out)
    client: float  # this process (the load generator threads)
    children: float  # this process's waited-for children (wrk)
    busy: float  # the whole machine
    total: float

    def other_share(self, *counted: float) -> float | None:
        """Busy CPU of everything but `counted` seconds, as a share of the machine."""
        return max(self.busy - sum(counted), 0.0) / self.total if self.total else None


class CpuMeter:
    """CPU seconds of groups of processes (gunicorn workers, PostgreSQL
    backends, a Celery worker), of this process and of the whole machine."""

    def __init__(self, **groups: list[int]):
        self.groups = groups

    def _sample(self) -> dict:
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return {
            "groups": {name: {pid: process_cpu_seconds(pid) for pid in pids} for name, pids in self.groups.items()},
            "client": process_cpu_seconds(os.getpid()),
            "children": children.ru_utime + children.ru_stime,
            "machine": machine_cpu_seconds(),
        }

    def start(self) -> "CpuMeter":
        self.before = self._sample()
        return self

    def stop(self) -> CpuSpent:
        after, before = self._sample(), self.before
        spent, gone = {}, {}
        for name in self.groups:
            pairs = [(before["groups"][name][pid], after["groups"][name][pid]) for pid in self.groups[name]]
            # A process gone since start() (None) is left out rather than counted negative.
            spent[name] = sum(end - begin for begin, end in pairs if begin is not None and end is not None)
            gone[name] = sum(end is None for _begin, end in pairs)
        return CpuSpent(
            groups=spent,
            gone=gone,
            client=after["client"] - before["client"],
            children=after["children"] - before["children"],
            busy=after["machine"][0] - before["machine"][0],
            total=after["machine"][1] - before["machine"][1],
        )


def wait_for_quiet_machine(max_busy: float, wait: int) -> float:
    """Before a run: wait (up to `wait` s) until the machine is at most
    `max_busy` busy, i.e. no other benchmark or test suite is running.
    Returns the busy share last seen."""
    deadline = time.monotonic() + wait
    said = False
    while True:
        before = machine_cpu_seconds()
        time.sleep(3)
        after = machine_cpu_seconds()
        busy = (after[0] - before[0]) / max(after[1] - before[1], 1e-9)
        if busy <= max_busy or time.monotonic() > deadline:
            return busy
        if not said:
            log(f"the machine is {busy:.0%} busy with other work; waiting for it to calm down")
            said = True


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


# --- the machine --------------------------------------------------------------------------


def machine() -> dict:
    """The CPU model, how many CPUs this process may use, the OS and Python."""
    model = "unknown"
    with contextlib.suppress(OSError, StopIteration):
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        cpus = os.cpu_count()
    return {"cpu": model, "cpus": cpus, "platform": platform.platform(), "python": platform.python_version()}
