"""Orders placed per second: guest buyers filling a cart and checking out, on
PostgreSQL, through gunicorn, over loopback.

    .venv/bin/python bench/orders_bench.py                  # the full run (about 3 minutes after seeding)
    .venv/bin/python bench/orders_bench.py --duration 5 --warmup 2 --repetitions 1 --reuse-db   # a smoke run
    .venv/bin/python bench/orders_bench.py --commit HEAD    # a clean export of a commit, not the working tree

It creates a fresh database (souk_bench_orders), migrates it, seeds the
catalog (`manage.py seed_demo --products N --quiet-logins`), gives every
variant a stock that cannot run out during the run, then serves the project
with gunicorn (2 sync workers, persistent database connections, Redis cache
and broker on redis://127.0.0.1:6379/4, DEBUG off). N buyer threads (default
10) each loop: a new guest cart with 3 lines from 3 different artisans
(POST /api/v1/cart/lines/ three times), then POST /api/v1/checkout/ with a
fresh Idempotency-Key, shipping to France in EUR (DAP). Orders completed in
the measured window (after a discarded warm-up) are counted; repeated,
medians kept. The machine is shared: each run waits for it to be quiet, and a
run during which other processes took more than 15% of its CPU is discarded
and retried (kept, flagged, after 4 retries). Results go to
bench/results/orders_latest.json. Exit status non-zero when the run fails or
any request failed. See bench/README.md.
"""

import argparse
import contextlib
import http.client
import json
import os
import platform
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import bench_common  # a sibling module: these files run as scripts
from bench_common import BenchError, git, git_state, log

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"

CART_LINES_PATH = "/api/v1/cart/lines/"
CHECKOUT_PATH = "/api/v1/checkout/"
LINES_PER_CART = 3
STOCK = 10_000_000  # far more than any run can sell: the runs measure checkout, never "out of stock"
HEAVIEST_ITEM_GRAMS = 20_000  # one piece per parcel; the seeded shipping brackets go to 30 kg
CHECKOUT_BODY = {
    "email": "bench.buyer@example.com",
    "shipping_address": {
        "name": "Claire Martin",
        "line1": "12 rue des Potiers",
        "city": "Lyon",
        "postal_code": "69002",
        "country": "FR",
        "phone": "06 12 34 56 78",
    },
    "currency": "EUR",
    "incoterm": "DAP",
}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--products", type=int, default=2000, help="products to seed (default 2000)")
    parser.add_argument("--buyers", type=int, default=10, help="concurrent buyer threads (default 10)")
    parser.add_argument("--duration", type=int, default=20, help="seconds of each measured run (default 20)")
    parser.add_argument("--warmup", type=int, default=5, help="seconds discarded before each run (default 5)")
    parser.add_argument("--repetitions", type=int, default=3, help="measured runs (default 3)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument("--conn-max-age", type=int, default=600, help="CONN_MAX_AGE of the server (default 600)")
    parser.add_argument("--database", default="souk_bench_orders", help="database to (re)create")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server URL, without a database (default postgres://postgres@127.0.0.1:5432)",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_ORDERS_REDIS_URL", "redis://127.0.0.1:6379/4"),
        help="Redis database for cache and broker; it is flushed (default redis://127.0.0.1:6379/4)",
    )
    parser.add_argument("--reuse-db", action="store_true", help="keep the database and its products (no seeding)")
    parser.add_argument("--port", type=int, default=8771, help="port of the server (default 8771)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the buyers' choices")
    parser.add_argument(
        "--max-other-cpu",
        type=float,
        default=0.15,
        help="a run during which other processes used more than this share of the machine's CPU is\n"
        "discarded and retried, up to --retries times (default 0.15; 1 keeps every run)",
    )
    parser.add_argument("--retries", type=int, default=4, help="retries of a disturbed run (default 4)")
    parser.add_argument(
        "--quiet-wait", type=int, default=600, help="seconds to wait for a quiet machine before a run (default 600)"
    )
    parser.add_argument("--output", default="orders_latest", help="results file name in bench/results/")
    parser.add_argument("--results-dir", type=Path, default=BENCH / "results", help=argparse.SUPPRESS)
    parser.add_argument("--commit", help="benchmark this commit (a clean `git archive` export) instead of the tree")
    return parser.parse_args(argv)


# --- set-up -------------------------------------------------------------------------------


def server_env(args) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("GUNICORN_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=f"{args.postgres.rstrip('/')}/{args.database}",
        CONN_MAX_AGE=str(args.conn_max_age),
        REDIS_URL=args.redis_url,
        DEBUG="0",
        SECURE_SSL_REDIRECT="0",  # gunicorn over plain HTTP on loopback
        SECRET_KEY="bench-" + "k" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="WARNING",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def manage(args, *command: str) -> str:
    return bench_common.manage(server_env(args), *command)


def psql(args, database: str):
    import psycopg

    return psycopg.connect(f"{args.postgres.rstrip('/')}/{database}", autocommit=True)


# Run inside `manage.py shell`: stock that cannot run out, and the variants a
# buyer can put in a cart, by artisan (active product, verified artisan,
# light enough for one parcel).
PREPARE_SCRIPT = f"""
import json
from artisans.models import VerificationStatus
from catalog.models import Product, ProductStatus, Variant
from catalog.services import products_refresh_summary
from django.db.models import F
from django.db.models.functions import Coalesce

Variant.objects.update(stock={STOCK})
products_refresh_summary(product_ids=list(Product.objects.values_list("pk", flat=True)))
rows = (
    Variant.objects.filter(
        product__status=ProductStatus.ACTIVE,
        product__artisan__verification_status=VerificationStatus.VERIFIED,
    )
    .annotate(grams=Coalesce("weight_grams", F("product__weight_grams")))
    .filter(grams__lte={HEAVIEST_ITEM_GRAMS})
    .values_list("product__artisan_id", "pk")
)
by_artisan = {{}}
for artisan_id, variant_id in rows:
    by_artisan.setdefault(str(artisan_id), []).append(variant_id)
print("VARIANTS " + json.dumps(by_artisan))
"""


def prepare_database(args) -> dict:
    with psql(args, "postgres") as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [args.database]).fetchone()
        if args.reuse_db and not exists:
            raise BenchError(f"--reuse-db: there is no database {args.database} yet; run once without it.")
        if not args.reuse_db:
            log(f"re-creating database {args.database}")
            connection.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{args.database}"')
    manage(args, "migrate", "--noinput")
    if not args.reuse_db:
        manage(args, "seed_demo", "--products", str(args.products), "--quiet-logins")
    output = manage(args, "shell", "-c", PREPARE_SCRIPT)
    line = next((line for line in output.splitlines() if line.startswith("VARIANTS ")), None)
    if line is None:
        raise BenchError(f"Could not list the variants:\n{output}")
    by_artisan = {int(key): value for key, value in json.loads(line[len("VARIANTS ") :]).items()}
    if len(by_artisan) < LINES_PER_CART:
        raise BenchError(f"Only {len(by_artisan)} artisans have products on sale; a cart needs {LINES_PER_CART}.")
    with psql(args, args.database) as connection:
        log("VACUUM ANALYZE")
        connection.execute("VACUUM ANALYZE")
    return by_artisan


def database_facts(args) -> dict:
    with psql(args, args.database) as connection:
        return {
            "postgresql": connection.info.server_version,
            "products": connection.execute("SELECT count(*) FROM catalog_product").fetchone()[0],
            "variants": connection.execute("SELECT count(*) FROM catalog_variant").fetchone()[0],
            "orders_before": connection.execute("SELECT count(*) FROM orders_order").fetchone()[0],
        }


def flush_redis(args) -> None:
    import redis

    redis.Redis.from_url(args.redis_url).flushdb()


# --- the server ---------------------------------------------------------------------------


class Server:
    def __init__(self, args):
        self.port = args.port
        self.log_path = args.results_dir / "logs" / "gunicorn-orders.log"
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.command = [
            sys.executable, "-m", "gunicorn", "config.wsgi:application",
            "--workers", str(args.workers), "--worker-class", "sync",
            "--bind", f"127.0.0.1:{self.port}", "--error-logfile", str(self.log_path), "--log-level", "warning",
        ]  # fmt: skip
        self.env = server_env(args)
        self.process = None

    def start(self) -> None:
        log(f"starting gunicorn on 127.0.0.1:{self.port}")
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited; see {self.log_path}")
            with contextlib.suppress(OSError):
                if request(self.port, "GET", "/healthz")[0] == 200:
                    return
            time.sleep(0.3)
        raise BenchError(f"gunicorn did not answer /healthz within 60 s; see {self.log_path}")

    def worker_pids(self) -> list[int]:
        pid = self.process.pid
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # the master stops its workers on SIGTERM
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def request(port: int, method: str, path: str, body=None, headers=None) -> tuple[int, dict, bytes]:
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


# --- CPU accounting -----------------------------------------------------------------------


def process_cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_cpu_seconds() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot."""
    values = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    tick = os.sysconf("SC_CLK_TCK")
    return (sum(values) - idle) / tick, sum(values) / tick


def wait_for_quiet_machine(args) -> float:
    """Before a run: wait (up to --quiet-wait s) until the machine's CPU is
    mostly idle, i.e. no other benchmark or test suite is running. Returns
    the busy share last seen."""
    deadline = time.monotonic() + args.quiet_wait
    said = False
    while True:
        before = machine_cpu_seconds()
        time.sleep(3)
        after = machine_cpu_seconds()
        busy = (after[0] - before[0]) / max(after[1] - before[1], 1e-9)
        if busy <= args.max_other_cpu or time.monotonic() > deadline:
            return busy
        if not said:
            log(f"the machine is {busy:.0%} busy with other work; waiting for it to calm down")
            said = True


def database_backends(args) -> list[int]:
    with psql(args, "postgres") as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [args.database]
        ).fetchall()
    return [row[0] for row in rows]


class CpuMeter:
    """CPU seconds of the gunicorn workers, their PostgreSQL backends, this
    client process and the whole machine over the measured window."""

    def __init__(self, args, server: Server):
        self.args, self.server = args, server

    def _sample(self) -> dict:
        return {
            "app": sum(process_cpu_seconds(pid) for pid in self.workers),
            "db": sum(process_cpu_seconds(pid) for pid in self.backends),
            "client": process_cpu_seconds(os.getpid()),
            "machine": machine_cpu_seconds(),
        }

    def start(self) -> None:
        self.workers = self.server.worker_pids()
        self.backends = database_backends(self.args)
        self.before = self._sample()

    def stop(self, orders: int) -> dict:
        after = self._sample()
        app, db = after["app"] - self.before["app"], after["db"] - self.before["db"]
        client = after["client"] - self.before["client"]
        busy = after["machine"][0] - self.before["machine"][0]
        total = after["machine"][1] - self.before["machine"][1]
        per_order = 1000 / max(orders, 1)
        return {
            "app_ms_per_order": app * per_order,
            "db_ms_per_order": db * per_order,
            "client_ms_per_order": client * per_order,
            "machine_busy_share": busy / total if total else None,
            # Busy CPU of anything else on the machine (Redis, other people's work), as a share of it.
            "other_cpu_share": max(busy - app - db - client, 0.0) / total if total else None,
            "database_backends": len(self.backends),
            "load_average": os.getloadavg()[0],
        }


# --- buyers -------------------------------------------------------------------------------


@dataclass
class Tally:
    orders: list = field(default_factory=list)  # (finished at, checkout seconds, whole order seconds)
    errors: Counter = field(default_factory=Counter)
    error_samples: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def error(self, what: str, sample: str) -> None:
        with self.lock:
            self.errors[what] += 1
            if len(self.error_samples) < 5:
                self.error_samples.append(f"{what}: {sample[:300]}")


def place_one_order(port: int, variants: list[int], tally: Tally) -> tuple[float, float] | None:
    """A guest cart with these variants, then its checkout. (checkout seconds,
    whole-order seconds) when the order was placed, else None (counted)."""
    started = time.perf_counter()
    token = None
    for variant_id in variants:
        headers = {"X-Cart-Token": token} if token else {}
        status, _headers, body = request(port, "POST", CART_LINES_PATH, {"variant": variant_id, "quantity": 1}, headers)
        if status != 201:
            tally.error(f"cart {status}", body.decode(errors="replace"))
            return None
        token = token or json.loads(body)["token"]
    checkout_started = time.perf_counter()
    headers = {"X-Cart-Token": token, "Idempotency-Key": f"bench-{uuid.uuid4()}"}
    status, _headers, body = request(port, "POST", CHECKOUT_PATH, CHECKOUT_BODY, headers)
    finished = time.perf_counter()
    if status != 201:
        tally.error(f"checkout {status}", body.decode(errors="replace"))
        return None
    return finished - checkout_started, finished - started


def buyer(port: int, by_artisan: dict, artisans: list, seed: int, stop_at: float, tally: Tally) -> None:
    choose = random.Random(seed)
    while time.perf_counter() < stop_at:
        variants = [choose.choice(by_artisan[artisan]) for artisan in choose.sample(artisans, LINES_PER_CART)]
        try:
            timings = place_one_order(port, variants, tally)
        except (OSError, http.client.HTTPException) as error:
            tally.error(f"socket {type(error).__name__}", str(error))
            continue
        if timings is not None:
            with tally.lock:
                tally.orders.append((time.perf_counter(), *timings))


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def run_once(args, by_artisan: dict, server: Server, repetition: int) -> dict:
    """`buyers` threads for warm-up + duration seconds; only orders finished
    inside the measured window count."""
    tally = Tally()
    artisans = sorted(by_artisan)
    begin = time.perf_counter()
    window_start, window_end = begin + args.warmup, begin + args.warmup + args.duration
    threads = [
        threading.Thread(
            target=buyer,
            args=(args.port, by_artisan, artisans, args.seed * 1000 + repetition * 100 + number, window_end, tally),
            daemon=True,
        )
        for number in range(args.buyers)
    ]
    for thread in threads:
        thread.start()
    time.sleep(max(window_start - time.perf_counter(), 0))
    meter = CpuMeter(args, server)
    meter.start()
    errors_before = Counter(tally.errors)
    time.sleep(max(window_end - time.perf_counter(), 0))
    with tally.lock:
        measured = [order for order in tally.orders if window_start <= order[0] <= window_end]
        errors = tally.errors - errors_before
    cpu = meter.stop(len(measured))
    for thread in threads:
        thread.join(60)  # each finishes the order it is placing
    checkout = [order[1] for order in measured]
    whole = [order[2] for order in measured]
    return {
        "orders": len(measured),
        "orders_per_second": len(measured) / args.duration,
        "requests_per_second": len(measured) * (LINES_PER_CART + 1) / args.duration,
        "checkout_p50_ms": percentile(checkout, 0.50) * 1000 if checkout else None,
        "checkout_p90_ms": percentile(checkout, 0.90) * 1000 if checkout else None,
        "checkout_p99_ms": percentile(checkout, 0.99) * 1000 if checkout else None,
        "order_p50_ms": percentile(whole, 0.50) * 1000 if whole else None,
        "order_p99_ms": percentile(whole, 0.99) * 1000 if whole else None,
        "errors": dict(errors),
        "errors_whole_run": dict(tally.errors),
        "error_samples": tally.error_samples,
        "cpu": {key: round(value, 3) if isinstance(value, float) else value for key, value in cpu.items()},
    }


def check_one_order(args, by_artisan: dict) -> dict:
    """One order before measuring: it must be what we think it is."""
    tally = Tally()
    artisans = sorted(by_artisan)[:LINES_PER_CART]
    timings = place_one_order(args.port, [by_artisan[artisan][0] for artisan in artisans], tally)
    if timings is None:
        raise BenchError(f"The probe order failed: {tally.error_samples}")
    return {"probe_checkout_ms": round(timings[0] * 1000, 1)}


def orders_in_database(args) -> dict:
    with psql(args, args.database) as connection:
        row = connection.execute(
            "SELECT count(*), (SELECT count(*) FROM orders_artisanorder), (SELECT count(*) FROM orders_orderline),"
            " (SELECT min(stock) FROM catalog_variant) FROM orders_order"
        ).fetchone()
    return {"orders": row[0], "artisan_orders": row[1], "order_lines": row[2], "lowest_stock_left": row[3]}


# --- report -------------------------------------------------------------------------------


def summarise(runs: list[dict]) -> dict:
    def median(name):
        values = [run[name] for run in runs if run[name] is not None]
        return statistics.median(values) if values else None

    return {
        "orders_per_second": median("orders_per_second"),
        "requests_per_second": median("requests_per_second"),
        "checkout_p50_ms": median("checkout_p50_ms"),
        "checkout_p90_ms": median("checkout_p90_ms"),
        "checkout_p99_ms": median("checkout_p99_ms"),
        "order_p50_ms": median("order_p50_ms"),
        "order_p99_ms": median("order_p99_ms"),
        "app_cpu_ms_per_order": statistics.median(run["cpu"]["app_ms_per_order"] for run in runs),
        "db_cpu_ms_per_order": statistics.median(run["cpu"]["db_ms_per_order"] for run in runs),
        "client_cpu_ms_per_order": statistics.median(run["cpu"]["client_ms_per_order"] for run in runs),
        "other_cpu_share": statistics.median(run["cpu"]["other_cpu_share"] or 0 for run in runs),
        "errors": sum(sum(run["errors_whole_run"].values()) for run in runs),
        "disturbed_runs_kept": sum(bool(run.get("disturbed")) for run in runs),
    }


def machine() -> dict:
    model = "unknown"
    with contextlib.suppress(OSError, StopIteration):
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    return {
        "cpu": model,
        "cpus": len(os.sched_getaffinity(0)),
        "platform": platform.platform(),
        "python": platform.python_version(),
    }


def run_from_commit(args, argv: list[str]) -> int:
    """Benchmark a commit rather than the working tree (which others may be
    editing): export it, put this script in it, and run it there."""
    commit = git("rev-parse", "--short", args.commit)
    if not commit:
        log(f"error: unknown commit {args.commit}")
        return 1
    with tempfile.TemporaryDirectory(prefix="souk-orders-bench-") as tree:
        archive = subprocess.run(["git", "archive", "--format=tar", commit], cwd=ROOT, capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", tree], input=archive.stdout, check=True)
        (Path(tree) / "bench").mkdir(exist_ok=True)
        for script in (Path(__file__), BENCH / "bench_common.py"):
            shutil.copy2(script, Path(tree) / "bench" / script.name)
        log(f"benchmarking commit {commit}, exported to {tree}")
        command = [sys.executable, str(Path(tree) / "bench" / Path(__file__).name), *argv,
                   "--results-dir", str(args.results_dir)]  # fmt: skip
        return subprocess.run(command, env={**os.environ, "BENCH_EXPORTED_FROM": commit}).returncode


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if args.commit and not os.environ.get("BENCH_EXPORTED_FROM"):
        return run_from_commit(args, argv)
    for module in ("psycopg", "redis", "gunicorn", "django"):
        try:
            __import__(module)
        except ImportError:
            log(f"error: the Python package {module} is missing (run with .venv/bin/python)")
            return 1

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = datetime.now(UTC)
    server = Server(args)
    runs, discarded = [], []
    try:
        flush_redis(args)
        by_artisan = prepare_database(args)
        facts = database_facts(args)
        flush_redis(args)
        server.start()
        facts.update(check_one_order(args, by_artisan))
        for repetition in range(1, args.repetitions + 1):
            for attempt in range(args.retries + 1):
                idle_check = wait_for_quiet_machine(args)
                run = run_once(args, by_artisan, server, repetition * 10 + attempt)
                run["busy_before"] = round(idle_check, 3)
                other = run["cpu"]["other_cpu_share"] or 0
                log(
                    f"[{repetition}/{args.repetitions}] {run['orders_per_second']:6.1f} orders/s  "
                    f"checkout p50 {run['checkout_p50_ms'] or 0:7.1f} ms  p99 {run['checkout_p99_ms'] or 0:7.1f} ms  "
                    f"whole order p50 {run['order_p50_ms'] or 0:7.1f} ms  "
                    f"server CPU {run['cpu']['app_ms_per_order'] + run['cpu']['db_ms_per_order']:6.1f} ms/order  "
                    f"others {other:.0%} of the machine"
                    + (f"  ERRORS {run['errors_whole_run']}" if run["errors_whole_run"] else "")
                )
                if other <= args.max_other_cpu:
                    break
                if attempt < args.retries:
                    log(f"discarded: other processes used {other:.0%} of the machine during the run; again")
                    discarded.append(run)
                else:
                    run["disturbed"] = True
                    log(f"kept although disturbed ({other:.0%} others): no quiet window in {args.retries + 1} tries")
            runs.append(run)
        stored = orders_in_database(args)
    except BenchError as error:
        log(f"error: {error}")
        return 1
    finally:
        server.stop()
        with contextlib.suppress(Exception):
            flush_redis(args)  # the queued order e-mails (no worker runs during the bench)

    summary = summarise(runs)
    report = {
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "parameters": {
            "products": args.products if not args.reuse_db else None,
            "buyers": args.buyers,
            "lines_per_cart": LINES_PER_CART,
            "warmup_s": args.warmup,
            "duration_s": args.duration,
            "repetitions": args.repetitions,
            "gunicorn": f"{args.workers} sync workers",
            "conn_max_age": args.conn_max_age,
            "redis": args.redis_url,
            "checkout": {key: CHECKOUT_BODY[key] for key in ("currency", "incoterm")} | {"country": "FR"},
            "artisans_with_variants": len(by_artisan),
            "max_other_cpu_share": args.max_other_cpu,
        },
        "machine": machine(),
        "git": git_state(),
        "database": facts | {"after": stored},
        "summary": summary,
        "runs": runs,
        "discarded_runs": discarded,
    }
    out = bench_common.report_write(args.results_dir, args.output, report)
    print(
        f"\n{args.buyers} buyers, {args.repetitions} x {args.duration} s (medians): "
        f"{summary['orders_per_second']:.1f} orders/s ({summary['requests_per_second']:.0f} requests/s), "
        f"checkout p50 {summary['checkout_p50_ms']:.1f} ms, p99 {summary['checkout_p99_ms']:.1f} ms; "
        f"whole order (3 cart lines + checkout) p50 {summary['order_p50_ms']:.1f} ms, "
        f"p99 {summary['order_p99_ms']:.1f} ms; server CPU "
        f"{summary['app_cpu_ms_per_order']:.1f} + {summary['db_cpu_ms_per_order']:.1f} ms/order (app + db); "
        f"errors {summary['errors']}; runs discarded as disturbed {len(discarded)}, "
        f"kept although disturbed {summary['disturbed_runs_kept']}\nwritten: {out}"
    )
    return 1 if summary["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
