"""Reproducible benchmark of the public catalog API, against two floors.

    .venv/bin/python bench/run.py                       # the full run (about 13 minutes)
    .venv/bin/python bench/run.py --products 500 --duration 3 --warmup 1 --repetitions 1   # a smoke run

It creates a fresh PostgreSQL database, migrates it, seeds the products
(`manage.py seed_demo --products N`) and the floor table (10,000 rows), then
serves the project and the floors with the same gunicorn settings (2 sync
workers, persistent database connections, Redis cache, DEBUG off), drives each
endpoint with wrk (1 thread, 16 connections; a discarded warm-up, then the
measured run; repeated, medians kept) and reports requests/s, p50 and p99
latency, and each endpoint's ratio to its floor. Results go to
bench/results/<name>.json and .md. The exit status is non-zero only when the
run itself fails (set-up, a server, error responses): a missed target is
reported, not an error. See bench/README.md.
"""

import argparse
import contextlib
import http.client
import json
import os
import platform
import resource
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bench_common import BenchError, git, git_state, log, report_write

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
LUA_SCRIPT = BENCH / "wrk.lua"

LIST_PATH = "/api/v1/products/?page_size=24&currency=USD"
FILTERED_PATH = "/api/v1/products/?category=pottery&min_price=10&max_price=200&currency=USD&in_stock=true"
SEARCH_PATH = "/api/v1/products/?q=tagine&currency=USD"
DETAIL_PATH = "/api/v1/products/{slug}/?currency=USD"
ACCEPT_LANGUAGE = "en-US"
FLOOR_ROWS = 10_000
BENCH_USER = "bench-buyer@souk.example"


@dataclass
class Endpoint:
    name: str
    label: str
    server: str  # "catalog" or "floor"
    path: str
    bust: bool = False  # a new URL per request: the anonymous answer cache always misses
    headers: dict = field(default_factory=dict)
    floor: str | None = None  # the floor its ratio is taken against
    target: float | None = None  # the least ratio the issue asks for
    extra: bool = False  # not in the list; reported separately


ENDPOINTS = [
    Endpoint("floor_static", "floor: DRF view, 24 fixed dicts, no database", "floor", "/floor/static/"),
    Endpoint("floor_rows", "floor: DRF ListAPIView, page of 24 of 10,000 rows", "floor", "/floor/rows/"),
    Endpoint("list", "list page of 24", "catalog", LIST_PATH, bust=True, floor="floor_rows", target=0.70),
    Endpoint("filtered", "filtered list", "catalog", FILTERED_PATH, bust=True, floor="floor_rows"),
    Endpoint("search", "search “tagine”", "catalog", SEARCH_PATH, bust=True, floor="floor_rows"),
    Endpoint("detail", "detail", "catalog", DETAIL_PATH, bust=True, floor="floor_rows", target=0.60),
    Endpoint("repeat_list", "anonymous repeat list (cached body, 200)", "catalog", LIST_PATH,
             floor="floor_static", target=0.50),
    Endpoint("repeat_list_304", "anonymous repeat list, If-None-Match (304)", "catalog", LIST_PATH,
             floor="floor_static", extra=True),
    Endpoint("list_signed_in", "list page of 24, signed in (JWT: never cached)", "catalog", LIST_PATH,
             floor="floor_rows", extra=True),
]  # fmt: skip


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--products", type=int, default=10_000, help="products to seed (default 10000)")
    parser.add_argument("--duration", type=int, default=20, help="seconds of each measured wrk run (default 20)")
    parser.add_argument("--warmup", type=int, default=5, help="seconds of the discarded warm-up run (default 5)")
    parser.add_argument("--repetitions", type=int, default=3, help="measured runs per endpoint (default 3)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (default 16)")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (default 1)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers per server (default 2)")
    parser.add_argument("--only", default="", help="comma-separated endpoint names (default: all)")
    parser.add_argument("--no-extras", action="store_true", help="skip the endpoints the issue does not ask for")
    parser.add_argument("--database", default="souk_bench", help="database to (re)create (default souk_bench)")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server URL, without a database (default postgres://postgres@127.0.0.1:5432)",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3"),
        help="Redis database for the cache; it is flushed (default redis://127.0.0.1:6379/3)",
    )
    parser.add_argument(
        "--reuse-db",
        action="store_true",
        help="keep the existing database and its products (no re-create, no product seeding)",
    )
    parser.add_argument("--port", type=int, default=8761, help="port of the catalog server (default 8761)")
    parser.add_argument("--floor-port", type=int, default=8762, help="port of the floor server (default 8762)")
    parser.add_argument("--output", default="latest", help="results file name in bench/results/ (default latest)")
    parser.add_argument("--results-dir", type=Path, default=BENCH / "results", help=argparse.SUPPRESS)
    parser.add_argument(
        "--commit",
        help="benchmark this commit (a clean `git archive` export, with this bench/) instead of the working tree",
    )
    return parser.parse_args(argv)


# --- set-up -------------------------------------------------------------------------------


def check_tools(args) -> dict:
    missing = []
    if not shutil.which("wrk"):
        missing.append("wrk (Debian/Ubuntu: `sudo apt-get install -y wrk`; macOS: `brew install wrk`)")
    for module in ("psycopg", "redis", "gunicorn", "django"):
        try:
            __import__(module)
        except ImportError:
            missing.append(f"the Python package {module} (run with the project's venv: .venv/bin/python bench/run.py)")
    if missing:
        raise BenchError("Missing: " + "; ".join(missing))
    import psycopg
    import redis

    try:
        admin_connection(args).close()
    except psycopg.Error as error:
        raise BenchError(f"PostgreSQL does not answer at {args.postgres} (--postgres): {error}") from error
    try:
        redis.Redis.from_url(args.redis_url).ping()
    except redis.RedisError as error:
        raise BenchError(f"Redis does not answer at {args.redis_url} (--redis-url): {error}") from error
    version = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.strip().splitlines()
    return {"wrk": version[0] if version else "unknown"}


def server_env(args, settings_module: str) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("GUNICORN_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        # Persistent connections: config/settings.py reads CONN_MAX_AGE (and would
        # override the URL's conn_max_age), so both say the same. A day: no worker
        # reconnects during a run.
        DATABASE_URL=f"{args.postgres.rstrip('/')}/{args.database}?conn_max_age=86400",
        CONN_MAX_AGE="86400",
        REDIS_URL=args.redis_url,
        DEBUG="0",
        SECURE_SSL_REDIRECT="0",  # gunicorn over plain HTTP on loopback
        SECRET_KEY="bench-" + "k" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="WARNING",
        JWT_ACCESS_MINUTES="600",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def manage(args, *command: str, settings_module: str = "config.settings", capture: bool = False) -> str:
    log("manage.py " + " ".join(command))
    result = subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=server_env(args, settings_module),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BenchError(f"manage.py {' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def admin_connection(args):
    import psycopg

    return psycopg.connect(f"{args.postgres.rstrip('/')}/postgres", autocommit=True)


def database_connection(args):
    import psycopg

    return psycopg.connect(f"{args.postgres.rstrip('/')}/{args.database}", autocommit=True)


def prepare_database(args) -> None:
    with admin_connection(args) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [args.database]).fetchone()
        if args.reuse_db:
            if not exists:
                raise BenchError(f"--reuse-db: there is no database {args.database} yet; run once without it.")
        else:
            log(f"re-creating database {args.database}")
            connection.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{args.database}"')
    # The floor settings are the project's plus the floor app: one migrate makes both.
    manage(args, "migrate", "--noinput", settings_module="bench.floor_settings")
    if not args.reuse_db:
        manage(args, "seed_demo", "--products", str(args.products), "--quiet-logins")
    manage(args, "seed_floor", "--rows", str(FLOOR_ROWS), settings_module="bench.floor_settings")
    script = (
        "from marketplace.models import User\n"
        "from marketplace.api.authentication import token_pair_for\n"
        f"user, _ = User.objects.get_or_create(email={BENCH_USER!r}, defaults={{'full_name': 'Bench buyer'}})\n"
        "print('TOKEN', token_pair_for(user)['access'])\n"
    )
    output = manage(args, "shell", "-c", script)
    args.token = next(line.split()[1] for line in output.splitlines() if line.startswith("TOKEN "))
    with database_connection(args) as connection:
        log("VACUUM ANALYZE")
        connection.execute("VACUUM ANALYZE")


def effective_settings(args) -> dict:
    script = (
        "import json\nfrom django.conf import settings as s\nfrom django.db import connection\n"
        "db = s.DATABASES['default']\n"
        "print('SETTINGS', json.dumps({'DEBUG': s.DEBUG, 'CONN_MAX_AGE': db.get('CONN_MAX_AGE'),"
        " 'CONN_HEALTH_CHECKS': db.get('CONN_HEALTH_CHECKS'), 'ATOMIC_REQUESTS': db.get('ATOMIC_REQUESTS'),"
        " 'CACHE': s.CACHES['default']['BACKEND'],"
        " 'postgresql': connection.cursor().connection.info.server_version,"
        " 'authentication': s.REST_FRAMEWORK.get('DEFAULT_AUTHENTICATION_CLASSES'),"
        " 'renderers': s.REST_FRAMEWORK.get('DEFAULT_RENDERER_CLASSES', 'DRF default')}))\n"
    )
    output = manage(args, "shell", "-c", script)
    values = json.loads(next(line[len("SETTINGS ") :] for line in output.splitlines() if line.startswith("SETTINGS ")))
    if not values["CONN_MAX_AGE"]:
        raise BenchError(f"Database connections are not persistent (CONN_MAX_AGE={values['CONN_MAX_AGE']!r}).")
    return values


def flush_cache(args) -> None:
    import redis

    redis.Redis.from_url(args.redis_url).flushdb()


# --- servers ------------------------------------------------------------------------------


class Server:
    def __init__(self, args, name: str, settings_module: str, port: int, probe: str):
        self.name, self.port, self.probe = name, port, probe
        self.log_path = args.results_dir / "logs" / f"gunicorn-{name}.log"
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.command = [
            sys.executable, "-m", "gunicorn", "config.wsgi:application",
            "--workers", str(args.workers), "--worker-class", "sync",
            "--bind", f"127.0.0.1:{port}", "--error-logfile", str(self.log_path), "--log-level", "warning",
        ]  # fmt: skip
        self.env = server_env(args, settings_module)
        self.process = None

    def start(self) -> None:
        log(f"starting gunicorn ({self.name}) on port {self.port}")
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn ({self.name}) exited; see {self.log_path}")
            try:
                if fetch(self.port, self.probe)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise BenchError(f"gunicorn ({self.name}) did not answer {self.probe} within 60 s; see {self.log_path}")

    def worker_pids(self) -> list[int]:
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return [int(child) for child in children]

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # gunicorn's master stops its workers on SIGTERM
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def fetch(port: int, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Accept-Language": ACCEPT_LANGUAGE, **(headers or {})})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def probe_endpoints(args, endpoints: list[Endpoint]) -> dict:
    """One request to each endpoint before measuring: it must answer what we
    think it answers (a page of results, not an error or an empty page)."""
    facts = {}
    status, _headers, body = fetch(args.port, LIST_PATH)
    if status != 200:
        raise BenchError(f"GET {LIST_PATH} answered {status}: {body[:300]!r}")
    listing = json.loads(body)
    if not listing["results"]:
        raise BenchError("The catalog list is empty: seeding made no public products.")
    slug = listing["results"][0]["slug"]
    facts["public_products"] = listing.get("count")
    facts["detail_slug"] = slug
    for endpoint in endpoints:
        endpoint.path = endpoint.path.replace("{slug}", slug)
        if endpoint.name == "list_signed_in":
            endpoint.headers = {"Authorization": f"Bearer {args.token}"}
        port = args.port if endpoint.server == "catalog" else args.floor_port
        path = endpoint.path + (("&" if "?" in endpoint.path else "?") + "_bench=probe" if endpoint.bust else "")
        status, headers, body = fetch(port, path, endpoint.headers)
        if status != 200:
            raise BenchError(f"{endpoint.name}: GET {path} answered {status}: {body[:300]!r}")
        data = json.loads(body)
        info = {"bytes": len(body), "cache_control": headers.get("cache-control")}
        if isinstance(data, dict) and "results" in data:
            info.update(count=data.get("count"), results=len(data["results"]))
            if not data["results"]:
                log(f"warning: {endpoint.name} answers an empty page: its numbers mean little")
        elif isinstance(data, list):
            info["results"] = len(data)
        facts[endpoint.name] = info
    return facts


def prepare_endpoint(args, endpoint: Endpoint) -> None:
    if endpoint.name == "repeat_list_304":
        # The ETag names the catalog version, which a cache flush renews: ask for it now.
        status, headers, _body = fetch(args.port, endpoint.path)
        endpoint.headers = {"If-None-Match": headers["etag"]}
        status, _headers, _body = fetch(args.port, endpoint.path, endpoint.headers)
        if status != 304:
            raise BenchError(f"repeat_list_304: a conditional GET answered {status}, not 304")


# --- CPU accounting -----------------------------------------------------------------------
# Requests/s on a shared machine moves with whatever else runs; the CPU time the
# servers spend per request does not (much). Both are reported.

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu_seconds(pid: int) -> float | None:
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


def database_backends(args) -> list[int]:
    with database_connection(args) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid() "
            "AND backend_type = 'client backend'",
            [args.database],
        ).fetchall()
    return [row[0] for row in rows]


class CpuMeter:
    """CPU seconds of one server's workers, of the database's backends, of wrk,
    and of the whole machine, between start() and stop()."""

    def __init__(self, args, server: "Server"):
        self.args, self.server = args, server

    def _sample(self):
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return {
            "app": {pid: process_cpu_seconds(pid) for pid in self.workers},
            "db": {pid: process_cpu_seconds(pid) for pid in self.backends},
            "wrk": children.ru_utime + children.ru_stime,
            "machine": machine_cpu_seconds(),
        }

    backends_seen: set = set()

    def start(self) -> None:
        self.workers = self.server.worker_pids()
        self.backends = database_backends(self.args)
        CpuMeter.backends_seen.update(self.backends)
        self.before = self._sample()

    def stop(self, requests: int) -> dict:
        after = self._sample()

        def spent(kind):
            # A process gone since start() (None) is left out rather than counted negative.
            return sum(
                after[kind][pid] - self.before[kind][pid]
                for pid in self.before[kind]
                if after[kind][pid] is not None and self.before[kind][pid] is not None
            )

        app, db = spent("app"), spent("db")
        wrk = after["wrk"] - self.before["wrk"]
        busy = after["machine"][0] - self.before["machine"][0]
        total = after["machine"][1] - self.before["machine"][1]
        per_request = 1000 / max(requests, 1)
        return {
            "app_ms_per_request": app * per_request,
            "db_ms_per_request": db * per_request,
            "server_ms_per_request": (app + db) * per_request,
            # Busy CPU of everything else (Redis included), as a share of the whole machine.
            "other_cpu_share": max(busy - app - db - wrk, 0.0) / total if total else None,
            "load_average": os.getloadavg()[0],
            "processes_gone": sum(value is None for kind in ("app", "db") for value in after[kind].values()),
        }


# --- wrk ----------------------------------------------------------------------------------


def run_wrk(args, endpoint: Endpoint, seconds: int, run_id: str) -> dict:
    port = args.port if endpoint.server == "catalog" else args.floor_port
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds}s", "--latency", "--timeout", "10s",
               "-s", str(LUA_SCRIPT), "-H", f"Accept-Language: {ACCEPT_LANGUAGE}"]  # fmt: skip
    for name, value in endpoint.headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{port}{endpoint.path}")
    if endpoint.bust:
        command += ["--", "bust", run_id]
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    line = next((line for line in result.stdout.splitlines() if line.startswith("BENCH_RESULT ")), None)
    if result.returncode != 0 or line is None:
        raise BenchError(f"wrk failed for {endpoint.name}:\n{result.stdout}\n{result.stderr}")
    data = json.loads(line[len("BENCH_RESULT ") :])
    data["requests_per_second"] = data["requests"] / (data["duration_us"] / 1e6)
    return data


def measure(args, endpoints: list[Endpoint], servers: dict) -> dict:
    runs = {endpoint.name: [] for endpoint in endpoints}
    total = args.repetitions * len(endpoints)
    done = 0
    # Repetitions go round all endpoints, so a slow minute of the machine hits
    # every endpoint (and floor) alike instead of one of them.
    for repetition in range(1, args.repetitions + 1):
        for endpoint in endpoints:
            flush_cache(args)  # bounds Redis memory: the cache-missing endpoints write a body per request
            prepare_endpoint(args, endpoint)
            run_id = secrets.token_hex(4)
            if args.warmup:
                run_wrk(args, endpoint, args.warmup, run_id + "w")
            meter = CpuMeter(args, servers[endpoint.server])
            meter.start()
            data = run_wrk(args, endpoint, args.duration, run_id)
            data["cpu"] = meter.stop(data["requests"])
            runs[endpoint.name].append(data)
            done += 1
            errors = sum(data["errors"].values())
            log(
                f"[{done}/{total}] rep {repetition} {endpoint.name:16} {data['requests_per_second']:8.1f} req/s  "
                f"p50 {data['p50_us'] / 1000:7.2f} ms  p99 {data['p99_us'] / 1000:7.2f} ms  "
                f"server CPU {data['cpu']['server_ms_per_request']:6.2f} ms/req  "
                f"others {data['cpu']['other_cpu_share']:.0%} of the machine"
                + (f"  ERRORS {data['errors']}" if errors else "")
            )
    return runs


# --- report -------------------------------------------------------------------------------


def summarise(endpoints: list[Endpoint], runs: dict) -> dict:
    results = {}
    for endpoint in endpoints:
        measured = runs[endpoint.name]
        results[endpoint.name] = {
            "label": endpoint.label,
            "path": endpoint.path + (" (+ a new _bench= parameter per request)" if endpoint.bust else ""),
            "headers": {k: ("Bearer …" if k == "Authorization" else v) for k, v in endpoint.headers.items()},
            "requests_per_second": statistics.median(run["requests_per_second"] for run in measured),
            "p50_ms": statistics.median(run["p50_us"] for run in measured) / 1000,
            "p99_ms": statistics.median(run["p99_us"] for run in measured) / 1000,
            "bytes_per_response": statistics.median(run["bytes"] / max(run["requests"], 1) for run in measured),
            "server_cpu_ms_per_request": statistics.median(run["cpu"]["server_ms_per_request"] for run in measured),
            "app_cpu_ms_per_request": statistics.median(run["cpu"]["app_ms_per_request"] for run in measured),
            "db_cpu_ms_per_request": statistics.median(run["cpu"]["db_ms_per_request"] for run in measured),
            "other_cpu_share": statistics.median(run["cpu"]["other_cpu_share"] or 0 for run in measured),
            "errors": sum(sum(run["errors"].values()) for run in measured),
            "runs": [
                {
                    "requests_per_second": round(run["requests_per_second"], 1),
                    "p50_ms": run["p50_us"] / 1000,
                    "p99_ms": run["p99_us"] / 1000,
                    "requests": run["requests"],
                    "errors": run["errors"],
                    "cpu": {key: round(value, 3) for key, value in run["cpu"].items() if value is not None},
                }
                for run in measured
            ],
            "floor": endpoint.floor,
            "target": endpoint.target,
            "extra": endpoint.extra,
        }
    for result in results.values():
        floor = results.get(result["floor"]) if result["floor"] else None
        result["ratio"] = result["requests_per_second"] / floor["requests_per_second"] if floor else None
        # The same ratio from CPU cost: what the throughput ratio would be if the
        # servers were CPU-bound on a machine of their own.
        result["cpu_ratio"] = (
            floor["server_cpu_ms_per_request"] / result["server_cpu_ms_per_request"]
            if floor and result["server_cpu_ms_per_request"]
            else None
        )
        if result["target"] is not None and result["ratio"] is not None:
            result["meets_target"] = result["ratio"] >= result["target"]
    return results


def markdown_table(results: dict) -> str:
    lines = [
        "| endpoint | req/s | p50 ms | p99 ms | ratio to floor | target | | server CPU ms/req (app + db) | CPU ratio |",
        "|---|---:|---:|---:|---|---|---|---:|---:|",
    ]
    for name, result in results.items():
        ratio = f"{result['ratio']:.2f} of {result['floor']}" if result["ratio"] is not None else "—"
        target = f"≥ {result['target']:.2f}" if result["target"] is not None else ""
        verdict = {True: "met", False: "**missed**"}.get(result.get("meets_target"), "")
        label = f"{result['label']}" + (" *(extra)*" if result["extra"] else "")
        cpu_ratio = f"{result['cpu_ratio']:.2f}" if result["cpu_ratio"] is not None else "—"
        lines.append(
            f"| `{name}` {label} | {result['requests_per_second']:.0f} | {result['p50_ms']:.2f} | "
            f"{result['p99_ms']:.2f} | {ratio} | {target} | {verdict} | "
            f"{result['server_cpu_ms_per_request']:.2f} ({result['app_cpu_ms_per_request']:.2f} + "
            f"{result['db_cpu_ms_per_request']:.2f}) | {cpu_ratio} |"
        )
    return "\n".join(lines)


def machine() -> dict:
    model = "unknown"
    with contextlib.suppress(OSError, StopIteration):
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:
        affinity = os.cpu_count()
    return {"cpu": model, "cpus": affinity, "platform": platform.platform(), "python": platform.python_version()}


def run_from_commit(args, argv: list[str]) -> int:
    """Benchmark a commit rather than the working tree (which others may be
    editing): export it, put this bench/ in it, and run this script there."""
    commit = git("rev-parse", "--short", args.commit)
    if not commit:
        log(f"error: unknown commit {args.commit}")
        return 1
    with tempfile.TemporaryDirectory(prefix="souk-bench-") as tree:
        archive = subprocess.run(["git", "archive", "--format=tar", commit], cwd=ROOT, capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", tree], input=archive.stdout, check=True)
        shutil.copytree(BENCH, Path(tree) / "bench", dirs_exist_ok=True, ignore=shutil.ignore_patterns("results"))
        log(f"benchmarking commit {commit}, exported to {tree}")
        command = [sys.executable, str(Path(tree) / "bench" / "run.py"), *argv, "--results-dir", str(args.results_dir)]
        return subprocess.run(command, env={**os.environ, "BENCH_EXPORTED_FROM": commit}).returncode


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if args.commit and not os.environ.get("BENCH_EXPORTED_FROM"):
        return run_from_commit(args, argv)
    endpoints = [endpoint for endpoint in ENDPOINTS if not (args.no_extras and endpoint.extra)]
    if args.only:
        wanted = set(args.only.split(","))
        unknown = wanted - {endpoint.name for endpoint in ENDPOINTS}
        if unknown:
            print(f"Unknown endpoints: {', '.join(sorted(unknown))}", file=sys.stderr)
            return 2
        # A ratio needs its floor measured in the same run.
        wanted |= {endpoint.floor for endpoint in ENDPOINTS if endpoint.name in wanted and endpoint.floor}
        endpoints = [endpoint for endpoint in endpoints if endpoint.name in wanted]

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    servers = []
    started = datetime.now(UTC)
    try:
        tools = check_tools(args)
        flush_cache(args)
        prepare_database(args)
        settings = effective_settings(args)
        flush_cache(args)
        servers = [
            Server(args, "catalog", "config.settings", args.port, "/healthz"),
            Server(args, "floor", "bench.floor_settings", args.floor_port, "/floor/static/"),
        ]
        for server in servers:
            server.start()
        facts = probe_endpoints(args, endpoints)
        runs = measure(args, endpoints, {server.name: server for server in servers})
        # Persistent connections: each worker keeps one backend for the whole run, so
        # the measurements see at most (servers x workers) distinct backends.
        backends = len(CpuMeter.backends_seen)
    except BenchError as error:
        log(f"error: {error}")
        return 1
    finally:
        for server in servers:
            server.stop()

    results = summarise(endpoints, runs)
    report = {
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "parameters": {
            "products": args.products if not args.reuse_db else None,
            "public_products": facts["public_products"],
            "floor_rows": FLOOR_ROWS,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "repetitions": args.repetitions,
            "connections": args.connections,
            "wrk_threads": args.threads,
            "gunicorn": f"{args.workers} sync workers, access log off",
            "accept_language": ACCEPT_LANGUAGE,
        },
        "machine": machine(),
        "tools": tools,
        "settings": settings,
        "git": git_state(),
        "database_backends_seen": backends,
        "probes": facts,
        "results": results,
    }
    out_dir = args.results_dir
    report_write(out_dir, args.output, report)
    table = markdown_table(results)
    (out_dir / f"{args.output}.md").write_text(
        f"# Catalog benchmark, {report['started_at']}\n\n"
        f"{facts['public_products']} public products; wrk -t{args.threads} -c{args.connections}, "
        f"{args.warmup} s warm-up, {args.duration} s x {args.repetitions}, medians; "
        f"gunicorn {args.workers} sync workers; {report['machine']['cpus']} CPUs ({report['machine']['cpu']}); "
        f"commit {report['git']['commit']}.\n\n{table}\n"
    )
    print()
    print(table)
    print()
    print(f"distinct database backends seen while measuring: {backends} (at most 2 servers x {args.workers} workers)")
    missed = [name for name, result in results.items() if result.get("meets_target") is False]
    errors = {name: result["errors"] for name, result in results.items() if result["errors"]}
    if missed:
        print(f"targets missed: {', '.join(missed)}")
    print(f"written: {out_dir / args.output}.json and .md")
    if errors:
        print(f"error responses or socket errors: {errors}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
