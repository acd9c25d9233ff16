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

import http.client
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime

import bench_common  # a sibling module: these files run as scripts
from bench_common import BENCH, BenchError, CpuMeter, CpuSpent, Server, git_state, log, psql, redis_flush

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
    parser = bench_common.argument_parser(__doc__)
    parser.add_argument("--products", type=int, default=10_000, help="products to seed (default 10000)")
    bench_common.options_runs(parser, duration=20, warmup=5, repetitions=3)
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (default 16)")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (default 1)")
    parser.add_argument("--only", default="", help="comma-separated endpoint names (default: all)")
    parser.add_argument("--no-extras", action="store_true", help="skip the endpoints the issue does not ask for")
    bench_common.options_database(
        parser,
        database="souk_bench",
        reuse_help="keep the existing database and its products (no re-create, no product seeding)",
    )
    bench_common.options_server(
        parser, redis_url="redis://127.0.0.1:6379/3", redis_env="BENCH_REDIS_URL", redis_use="the cache", port=8761
    )
    parser.add_argument("--floor-port", type=int, default=8762, help="port of the floor server (default 8762)")
    bench_common.options_output(parser, output="latest")
    return parser.parse_args(argv)


# --- set-up -------------------------------------------------------------------------------


def check_tools(args) -> dict:
    missing = []
    if not shutil.which("wrk"):
        missing.append("wrk (Debian/Ubuntu: `sudo apt-get install -y wrk`; macOS: `brew install wrk`)")
    for module in bench_common.modules_missing("psycopg", "redis", "gunicorn", "django"):
        missing.append(f"the Python package {module} (run with the project's venv: .venv/bin/python bench/run.py)")
    if missing:
        raise BenchError("Missing: " + "; ".join(missing))
    import psycopg
    import redis

    try:
        psql(args.postgres, "postgres").close()
    except psycopg.Error as error:
        raise BenchError(f"PostgreSQL does not answer at {args.postgres} (--postgres): {error}") from error
    try:
        redis.Redis.from_url(args.redis_url).ping()
    except redis.RedisError as error:
        raise BenchError(f"Redis does not answer at {args.redis_url} (--redis-url): {error}") from error
    version = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.strip().splitlines()
    return {"wrk": version[0] if version else "unknown"}


def server_env(args, settings_module: str = "config.settings") -> dict:
    # Persistent connections: config/settings.py reads CONN_MAX_AGE (and would
    # override the URL's conn_max_age), so both say the same. A day: no worker
    # reconnects during a run.
    return bench_common.server_env(
        postgres=args.postgres,
        database=args.database,
        redis_url=args.redis_url,
        conn_max_age=86400,
        database_query="?conn_max_age=86400",
        settings_module=settings_module,
        JWT_ACCESS_MINUTES="600",
    )


def manage(args, *command: str, settings_module: str = "config.settings") -> str:
    return bench_common.manage(server_env(args, settings_module), *command)


def prepare_database(args) -> None:
    bench_common.database_recreate(args.postgres, args.database, reuse=args.reuse_db)
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
    bench_common.vacuum_analyze(args.postgres, args.database)


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


# --- servers ------------------------------------------------------------------------------


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
# The CPU time the servers' workers and their PostgreSQL backends spend per
# request (wrk and Redis are not counted). Persistent connections: each worker
# keeps one backend for the whole run, so the runs see at most (servers x
# workers) distinct backends.

backends_seen: set[int] = set()


def cpu_meter(args, server: Server) -> CpuMeter:
    backends = bench_common.database_backends(args.postgres, args.database)
    backends_seen.update(backends)
    return CpuMeter(app=server.worker_pids(), db=backends).start()


def cpu_per_request(spent: CpuSpent, requests: int) -> dict:
    app, db = spent.groups["app"], spent.groups["db"]
    per_request = 1000 / max(requests, 1)
    return {
        "app_ms_per_request": app * per_request,
        "db_ms_per_request": db * per_request,
        "server_ms_per_request": (app + db) * per_request,
        # Busy CPU of everything else (Redis included), as a share of the whole machine.
        "other_cpu_share": spent.other_share(app, db, spent.children),
        "load_average": os.getloadavg()[0],
        "processes_gone": sum(spent.gone.values()),
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
            redis_flush(args.redis_url)  # bounds Redis memory: the cache-missing endpoints write a body per request
            prepare_endpoint(args, endpoint)
            run_id = secrets.token_hex(4)
            if args.warmup:
                run_wrk(args, endpoint, args.warmup, run_id + "w")
            meter = cpu_meter(args, servers[endpoint.server])
            data = run_wrk(args, endpoint, args.duration, run_id)
            data["cpu"] = cpu_per_request(meter.stop(), data["requests"])
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


def main(argv=None) -> int:
    return bench_common.script_main(parse_args, benchmark, __file__, argv)


def benchmark(args) -> int:
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

    servers = []
    started = datetime.now(UTC)
    try:
        tools = check_tools(args)
        redis_flush(args.redis_url)
        prepare_database(args)
        settings = effective_settings(args)
        redis_flush(args.redis_url)
        servers = [
            Server("catalog", server_env(args), args.results_dir, port=args.port, workers=args.workers),
            Server(
                "floor",
                server_env(args, "bench.floor_settings"),
                args.results_dir,
                port=args.floor_port,
                workers=args.workers,
                probe="/floor/static/",
            ),
        ]
        for server in servers:
            server.start()
        facts = probe_endpoints(args, endpoints)
        runs = measure(args, endpoints, dict(zip(("catalog", "floor"), servers, strict=True)))
        backends = len(backends_seen)
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
        "machine": bench_common.machine(),
        "tools": tools,
        "settings": settings,
        "git": git_state(),
        "database_backends_seen": backends,
        "probes": facts,
        "results": results,
    }
    out_dir = args.results_dir
    bench_common.report_write(out_dir, args.output, report)
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
