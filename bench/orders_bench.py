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
fresh Idempotency-Key, shipping to France in EUR (DAP); each checkout starts
its card payment at the local Stripe emulator (devtools/local_stripe.py, a
process of its own on 127.0.0.1:8772, its CPU reported apart from the
server's; the same with --commit, so a commit and the working tree pay the
same way). Orders completed in
the measured window (after a discarded warm-up) are counted; repeated,
medians kept. The machine is shared: each run waits for it to be quiet, and a
run during which other processes took more than 15% of its CPU is discarded
and retried (kept, flagged, after 4 retries). Results go to
bench/results/orders_latest.json. Exit status non-zero when the run fails or
any request failed. See bench/README.md.
"""

import contextlib
import http.client
import json
import os
import random
import statistics
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

import bench_common  # a sibling module: these files run as scripts
from bench_common import (
    BenchError,
    CpuMeter,
    Server,
    StripeEmulator,
    git_state,
    log,
    percentile,
    psql,
    redis_flush,
    request,
)

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
    parser = bench_common.argument_parser(__doc__)
    parser.add_argument("--products", type=int, default=2000, help="products to seed (default 2000)")
    parser.add_argument("--buyers", type=int, default=10, help="concurrent buyer threads (default 10)")
    bench_common.options_runs(parser, duration=20, warmup=5, repetitions=3)
    parser.add_argument("--conn-max-age", type=int, default=600, help="CONN_MAX_AGE of the server (default 600)")
    bench_common.options_database(
        parser, database="souk_bench_orders", reuse_help="keep the database and its products (no seeding)"
    )
    bench_common.options_server(
        parser,
        redis_url="redis://127.0.0.1:6379/4",
        redis_env="BENCH_ORDERS_REDIS_URL",
        redis_use="cache and broker",
        port=8771,
    )
    parser.add_argument(
        "--stripe-port", type=int, default=8772, help="port of the local Stripe emulator (default 8772)"
    )
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the buyers' choices")
    bench_common.options_quiet(
        parser,
        quiet_wait=600,
        max_other_cpu_help="a run during which other processes used more than this share of the machine's CPU is\n"
        "discarded and retried, up to --retries times (default 0.15; 1 keeps every run)",
    )
    parser.add_argument("--retries", type=int, default=4, help="retries of a disturbed run (default 4)")
    bench_common.options_output(parser, output="orders_latest")
    return parser.parse_args(argv)


# --- set-up -------------------------------------------------------------------------------


def server_env(args) -> dict:
    return bench_common.server_env(
        postgres=args.postgres,
        database=args.database,
        redis_url=args.redis_url,
        conn_max_age=args.conn_max_age,
        # Every checkout starts its payment at the emulator, as it would at Stripe.
        **bench_common.stripe_emulator_env(args.stripe_port),
    )


def manage(args, *command: str) -> str:
    return bench_common.manage(server_env(args), *command)


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
    bench_common.database_recreate(args.postgres, args.database, reuse=args.reuse_db)
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
    bench_common.vacuum_analyze(args.postgres, args.database)
    return by_artisan


def database_facts(args) -> dict:
    with psql(args.postgres, args.database) as connection:
        return {
            "postgresql": connection.info.server_version,
            "products": connection.execute("SELECT count(*) FROM catalog_product").fetchone()[0],
            "variants": connection.execute("SELECT count(*) FROM catalog_variant").fetchone()[0],
            "orders_before": connection.execute("SELECT count(*) FROM orders_order").fetchone()[0],
        }


# --- CPU accounting -----------------------------------------------------------------------


def cpu_per_order(meter: CpuMeter, orders: int) -> dict:
    """What the gunicorn workers, their PostgreSQL backends, the Stripe
    emulator and the buyer threads spent per order over the measured window."""
    spent = meter.stop()
    app, db, emulator = spent.groups["app"], spent.groups["db"], spent.groups["emulator"]
    per_order = 1000 / max(orders, 1)
    return {
        "app_ms_per_order": app * per_order,
        "db_ms_per_order": db * per_order,
        # Not the server's: Stripe's work, done here by the emulator on the same cores.
        "emulator_ms_per_order": emulator * per_order,
        "client_ms_per_order": spent.client * per_order,
        "machine_busy_share": spent.busy / spent.total if spent.total else None,
        # Busy CPU of anything else on the machine (Redis, other people's work), as a share of it.
        "other_cpu_share": spent.other_share(app, db, emulator, spent.client),
        "database_backends": len(meter.groups["db"]),
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
    if not json.loads(body).get("payment"):  # the order without its payment is not what is measured
        tally.error("checkout without payment", body.decode(errors="replace"))
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


def run_once(args, by_artisan: dict, server: Server, emulator: StripeEmulator, repetition: int) -> dict:
    """`buyers` threads for warm-up + duration seconds; only orders finished
    inside the measured window count."""
    emulator.wipe()
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
    backends = bench_common.database_backends(args.postgres, args.database)
    meter = CpuMeter(app=server.worker_pids(), db=backends, emulator=emulator.pids()).start()
    errors_before = Counter(tally.errors)
    time.sleep(max(window_end - time.perf_counter(), 0))
    with tally.lock:
        measured = [order for order in tally.orders if window_start <= order[0] <= window_end]
        errors = tally.errors - errors_before
    cpu = cpu_per_order(meter, len(measured))
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
    with psql(args.postgres, args.database) as connection:
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
        "emulator_cpu_ms_per_order": statistics.median(run["cpu"]["emulator_ms_per_order"] for run in runs),
        "client_cpu_ms_per_order": statistics.median(run["cpu"]["client_ms_per_order"] for run in runs),
        "other_cpu_share": statistics.median(run["cpu"]["other_cpu_share"] or 0 for run in runs),
        "errors": sum(sum(run["errors_whole_run"].values()) for run in runs),
        "disturbed_runs_kept": sum(bool(run.get("disturbed")) for run in runs),
    }


def main(argv=None) -> int:
    return bench_common.script_main(parse_args, benchmark, __file__, argv)


def benchmark(args) -> int:
    for module in bench_common.modules_missing("psycopg", "redis", "gunicorn", "django"):
        log(f"error: the Python package {module} is missing (run with .venv/bin/python)")
        return 1

    started = datetime.now(UTC)
    server = Server("orders", server_env(args), args.results_dir, port=args.port, workers=args.workers)
    emulator = StripeEmulator(args.results_dir, port=args.stripe_port)
    runs, discarded = [], []
    try:
        redis_flush(args.redis_url)
        by_artisan = prepare_database(args)
        facts = database_facts(args)
        redis_flush(args.redis_url)
        emulator.start()
        server.start()
        facts.update(check_one_order(args, by_artisan))
        for repetition in range(1, args.repetitions + 1):
            for attempt in range(args.retries + 1):
                idle_check = bench_common.wait_for_quiet_machine(args.max_other_cpu, args.quiet_wait)
                run = run_once(args, by_artisan, server, emulator, repetition * 10 + attempt)
                run["busy_before"] = round(idle_check, 3)
                other = run["cpu"]["other_cpu_share"] or 0
                log(
                    f"[{repetition}/{args.repetitions}] {run['orders_per_second']:6.1f} orders/s  "
                    f"checkout p50 {run['checkout_p50_ms'] or 0:7.1f} ms  p99 {run['checkout_p99_ms'] or 0:7.1f} ms  "
                    f"whole order p50 {run['order_p50_ms'] or 0:7.1f} ms  "
                    f"server CPU {run['cpu']['app_ms_per_order'] + run['cpu']['db_ms_per_order']:6.1f} ms/order  "
                    f"emulator {run['cpu']['emulator_ms_per_order']:5.1f} ms/order  "
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
        emulator.stop()
        with contextlib.suppress(Exception):
            redis_flush(args.redis_url)  # the queued order e-mails (no worker runs during the bench)

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
            "payment": f"a PaymentIntent at the local Stripe emulator (devtools/local_stripe.py, :{args.stripe_port})",
            "checkout": {key: CHECKOUT_BODY[key] for key in ("currency", "incoterm")} | {"country": "FR"},
            "artisans_with_variants": len(by_artisan),
            "max_other_cpu_share": args.max_other_cpu,
        },
        "machine": bench_common.machine(),
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
        f"{summary['app_cpu_ms_per_order']:.1f} + {summary['db_cpu_ms_per_order']:.1f} ms/order (app + db), "
        f"Stripe emulator {summary['emulator_cpu_ms_per_order']:.1f} ms/order; "
        f"errors {summary['errors']}; runs discarded as disturbed {len(discarded)}, "
        f"kept although disturbed {summary['disturbed_runs_kept']}\nwritten: {out}"
    )
    return 1 if summary["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
