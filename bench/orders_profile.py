"""Where an order's time goes: the benchmark's buyer loop (3 cart lines from
3 artisans, then the checkout) in one process, through Django's test client
(the whole middleware stack, the same settings, database and Redis as
bench/orders_bench.py, the payment started at the local Stripe emulator run
as a process of its own), one request at a time: milliseconds of CPU, SQL
queries and Redis commands per request, optionally under cProfile (CPU time).

    .venv/bin/python bench/orders_profile.py                      # 200 orders, per-request figures
    .venv/bin/python bench/orders_profile.py --profile checkout --top 40

Needs the database bench/orders_bench.py made (souk_bench_orders); run that
first. Orders placed here stay in that database, like the benchmark's.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import statistics
import sys
import time
import uuid
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_common import StripeEmulator, process_cpu_seconds  # noqa: E402  (bench/, the script's own folder)

from bench import orders_bench  # noqa: E402


class Counters:
    """SQL queries (a connection execute wrapper) and Redis round trips (every
    redis-py client's commands and pipelines) made while a request runs."""

    def __init__(self):
        self.queries = 0
        self.redis = 0
        self.statements = []  # the SQL of the request running, for --sql

    def install(self):
        import redis
        from django.db import connection

        original = redis.Redis.execute_command
        counters = self

        def execute_command(client, *args, **options):
            counters.redis += 1
            counters.statements.append("redis: " + " ".join(str(arg)[:60] for arg in args[:3]))
            return original(client, *args, **options)

        redis.Redis.execute_command = execute_command
        pipeline_execute = redis.client.Pipeline.execute

        def execute_pipeline(pipeline, *args, **options):
            # A pipeline is one round trip, whatever it holds (MULTI/EXEC included).
            counters.redis += 1
            commands = ", ".join(str(command[0][0]) for command in pipeline.command_stack)
            counters.statements.append(f"redis pipeline: {commands}")
            return pipeline_execute(pipeline, *args, **options)

        redis.client.Pipeline.execute = execute_pipeline

        def count_query(execute, sql, params, many, context):
            counters.queries += 1
            counters.statements.append(sql)
            return execute(sql, params, many, context)

        connection.execute_wrappers.append(count_query)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=200, help="orders to place (default 200), after 20 of warm-up")
    parser.add_argument("--profile", choices=["cart_line", "checkout"], help="run that request under cProfile")
    parser.add_argument("--top", type=int, default=30, help="rows of the profile to print (default 30)")
    parser.add_argument("--sort", default="tottime", help="pstats sort key (default tottime)")
    parser.add_argument("--sql", action="store_true", help="list each kind's last SQL and Redis commands")
    parser.add_argument("--database", default="souk_bench_orders")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/4")
    parser.add_argument("--conn-max-age", type=int, default=600)
    parser.add_argument("--stripe-port", type=int, default=8772, help="port of the Stripe emulator (default 8772)")
    options = parser.parse_args(argv)
    os.environ.update(orders_bench.server_env(options))
    emulator = StripeEmulator(ROOT / "bench" / "results", port=options.stripe_port)
    emulator.start()
    try:
        return profile(options, emulator)
    finally:
        emulator.stop()


def database_backend_pid() -> int:
    """The PostgreSQL backend serving this process (on this machine: its CPU is readable in /proc)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def profile(options, emulator) -> int:

    import django

    django.setup()
    from django.test import Client

    from artisans.models import VerificationStatus
    from catalog.models import ProductStatus, Variant

    by_artisan = defaultdict(list)
    rows = Variant.objects.filter(
        product__status=ProductStatus.ACTIVE,
        product__artisan__verification_status=VerificationStatus.VERIFIED,
        stock__gte=1000,
    ).values_list("product__artisan_id", "pk", "weight_grams", "product__weight_grams")
    for artisan_id, variant_id, grams, product_grams in rows:
        if (grams or product_grams) <= orders_bench.HEAVIEST_ITEM_GRAMS:
            by_artisan[artisan_id].append(variant_id)
    if len(by_artisan) < orders_bench.LINES_PER_CART:
        print("No stocked variants: run bench/orders_bench.py first.", file=sys.stderr)
        return 1
    artisans = sorted(by_artisan)
    choose = random.Random(2026)
    counters = Counters()
    counters.install()
    # CPU time, not wall time: the waits on PostgreSQL and Redis would otherwise
    # look like our own cost (their CPU is theirs; the counts show the round trips).
    profiler = cProfile.Profile(time.process_time) if options.profile else None
    figures = defaultdict(lambda: defaultdict(list))
    statements = {}

    def timed(kind, client, path, body, **headers):
        queries, commands = counters.queries, counters.redis
        counters.statements = []
        cpu, wall = time.process_time(), time.perf_counter()
        post = profiler.runcall if profiler is not None and kind == options.profile else (lambda f, *a, **k: f(*a, **k))
        response = post(client.post, path, body, content_type="application/json", **headers)
        figures[kind]["cpu_ms"].append((time.process_time() - cpu) * 1000)
        figures[kind]["wall_ms"].append((time.perf_counter() - wall) * 1000)
        figures[kind]["queries"].append(counters.queries - queries)
        figures[kind]["redis"].append(counters.redis - commands)
        statements[kind] = counters.statements
        assert response.status_code == 201, response.content
        assert kind != "checkout" or response.json()["payment"], response.content  # the payment was started
        return response

    emulator_cpu = database_cpu = 0.0
    for number in range(20 + options.orders):
        if number == 20:  # the first 20 orders warm the caches and are not counted
            emulator_cpu = process_cpu_seconds(emulator.pids()[0])
            backend_pid = database_backend_pid()
            database_cpu = process_cpu_seconds(backend_pid)
            figures.clear()
            if profiler is not None:
                profiler = cProfile.Profile(time.process_time)
        client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="en")
        token = None
        for artisan in choose.sample(artisans, orders_bench.LINES_PER_CART):
            headers = {"HTTP_X_CART_TOKEN": token} if token else {}
            body = {"variant": choose.choice(by_artisan[artisan]), "quantity": 1}
            response = timed("cart_line", client, orders_bench.CART_LINES_PATH, body, **headers)
            token = token or response.json()["token"]
        timed("checkout", client, orders_bench.CHECKOUT_PATH, orders_bench.CHECKOUT_BODY,
              HTTP_X_CART_TOKEN=token, HTTP_IDEMPOTENCY_KEY=f"profile-{uuid.uuid4()}")  # fmt: skip

    summary = {
        kind: {name: round(statistics.median(values), 2) for name, values in values_by_name.items()}
        | {"cpu_ms_mean": round(statistics.fmean(values_by_name["cpu_ms"]), 2)}
        for kind, values_by_name in figures.items()
    }
    per_order = sum(
        summary[kind]["cpu_ms_mean"] * (orders_bench.LINES_PER_CART if kind == "cart_line" else 1) for kind in summary
    )
    emulator_ms = (process_cpu_seconds(emulator.pids()[0]) - emulator_cpu) * 1000 / options.orders
    # The same backend throughout (CONN_MAX_AGE keeps it), or its CPU says nothing.
    same_backend = database_backend_pid() == backend_pid
    database_ms = (process_cpu_seconds(backend_pid) - database_cpu) * 1000 / options.orders if same_backend else None
    print(json.dumps({
        "medians_per_request": summary,
        "cpu_ms_per_order": round(per_order, 1),
        "stripe_emulator_cpu_ms_per_order": round(emulator_ms, 1),
        "postgresql_cpu_ms_per_order": round(database_ms, 1) if database_ms is not None else "backend changed",
    }, indent=2))  # fmt: skip
    if options.sql:
        for kind, sqls in statements.items():
            print(f"\n{kind}: {len(sqls)} statements and Redis round trips")
            for sql in sqls:
                print("  " + " ".join(sql.split())[:200])
    if profiler is not None:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(options.sort).print_stats(options.top)
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
