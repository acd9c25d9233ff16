"""The payments webhook inbox: Stripe events accepted per second by
POST /webhooks/stripe/, then applied per second by one Celery worker.

    .venv/bin/python bench/webhooks_bench.py --events 2000 --runs 3                 # the full run (see README)
    .venv/bin/python bench/webhooks_bench.py --events 2000 --runs 3 --commit HEAD   # a clean export of a commit
    .venv/bin/python bench/webhooks_bench.py --events 200 --runs 1 --output webhooks_smoke   # a smoke run (~40 s)

It creates a fresh database (souk_bench_webhooks), migrates it, seeds the
showcase (`manage.py seed_demo --quiet-logins`: 9 artisans), then builds
events x runs orders straight with the ORM, each awaiting payment, with 3
artisan orders of one line (the shape of the orders benchmark's carts) and a
Stripe Payment (provider_reference pi_bench_<i>, status
requires_payment_method). Then each run:

1. ACCEPT: with no Celery worker running, C threads (default 16) POST one
   signed `payment_intent.succeeded` event per payment of the run to
   gunicorn (2 sync workers, DEBUG off, Redis db 7 as cache and broker).
   Each answer must be 200, not a duplicate, status pending: the event was
   verified, stored and its task queued on commit. Accepted/s = events /
   wall time of the burst; p50/p99 of the POSTs.
2. APPLY: one worker, `celery -A config worker --pool=solo --concurrency=1`,
   drains the queue. Applied/s = events applied between the first and the
   last `applied_at` (the worker's start-up is not counted) divided by that
   span. Every event must be applied with the outcome "order paid". The
   tasks the applies queue in turn (the "new order" e-mail to each artisan)
   wait behind them; with --drain-emails they are drained and timed too,
   else the worker stops and they are flushed.

At the end: every order of every run is paid, every payment succeeded, the
ledger sums to zero (overall and per transaction), one capture and one
commission transaction per payment. Medians over the runs; the report goes
to bench/results/webhooks_latest.json. Exit status 1 when the set-up fails,
a request fails or a sanity check fails. See bench/README.md, "Webhooks".
"""

import contextlib
import hashlib
import hmac
import http.client
import json
import statistics
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime

import bench_common  # a sibling module: these files run as scripts
from bench_common import BenchError, CpuMeter, CpuSpent, Process, Server, git_state, log, percentile, psql, redis_flush

WEBHOOK_PATH = "/webhooks/stripe/"
STRIPE_API_VERSION = "2026-10-28.endive"  # what payments/providers/stripe.py pins; the event only carries it
WEBHOOK_SECRET = "whsec_bench_" + "w" * 32
ARTISANS_PER_ORDER = 3
EUR_PER_MAD = "0.0920"
WARMUP_REQUESTS = 40  # before the first run, each gunicorn worker imports and connects: not measured


def parse_args(argv=None):
    parser = bench_common.argument_parser(__doc__)
    parser.add_argument("--events", type=int, default=2000, help="events (payments) per run (default 2000)")
    parser.add_argument("--runs", type=int, default=3, help="measured runs; medians are reported (default 3)")
    parser.add_argument("--concurrency", type=int, default=16, help="client threads POSTing events (default 16)")
    parser.add_argument(
        "--conn-max-age", type=int, default=86400, help="CONN_MAX_AGE of server and worker (default 86400)"
    )
    bench_common.options_database(parser, database="souk_bench_webhooks")
    bench_common.options_server(
        parser,
        redis_url="redis://127.0.0.1:6379/7",
        redis_env="BENCH_WEBHOOKS_REDIS_URL",
        redis_use="cache and broker",
        port=8773,
    )
    parser.add_argument(
        "--drain-emails",
        action="store_true",
        help="after the applies, let the worker send the artisans' e-mails they queued and time that too",
    )
    parser.add_argument("--drain-timeout", type=int, default=900, help="seconds the worker may take (default 900)")
    bench_common.options_quiet(
        parser,
        quiet_wait=60,
        max_other_cpu_help="before each run, wait (up to --quiet-wait s) until the machine is at most this busy (0.15)",
    )
    bench_common.options_output(parser, output="webhooks_latest")
    return parser.parse_args(argv)


# --- set-up -------------------------------------------------------------------------------


def app_env(args) -> dict:
    """The environment of gunicorn, the Celery worker and manage.py."""
    return bench_common.server_env(
        postgres=args.postgres,
        database=args.database,
        redis_url=args.redis_url,
        conn_max_age=args.conn_max_age,
        drop=("GUNICORN_", "DJANGO_", "CELERY"),
        STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
        # Never reached: a payment_intent.succeeded event for a known payment does not call Stripe.
        STRIPE_SECRET_KEY="sk_test_bench",
        STRIPE_API_BASE="http://127.0.0.1:9",
        # The artisans' "new order" e-mails are rendered, then dropped (not printed into the worker's log).
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
    )


def manage(args, *command: str) -> str:
    return bench_common.manage(app_env(args), *command)


# Run inside `manage.py shell`: COUNT orders awaiting payment, as a checkout
# leaves them (three artisans, one line each, EUR at a fixed rate, DAP, the
# totals adding up to the cent in both currencies), each with its Stripe
# payment opened. Prints the payments as JSON: what the events must say.
BUILD_SCRIPT = """
import json, random
from datetime import timedelta
from decimal import Decimal
from django.db import transaction
from django.utils import timezone
from artisans.models import VerificationStatus
from catalog.models import ProductStatus, Variant
from marketplace.money import to_minor_units
from orders.models import ArtisanOrder, ArtisanOrderStatus, Order, OrderLine, OrderStatus, ShippingService
from payments.models import Payment, PaymentStatus

COUNT, PER_ORDER, RATE = {count}, {per_order}, Decimal("{rate}")
cent = Decimal("0.01")
variants = {{}}
for variant in Variant.objects.filter(
    product__status=ProductStatus.ACTIVE, product__artisan__verification_status=VerificationStatus.VERIFIED
).select_related("product"):
    variants.setdefault(variant.product.artisan_id, []).append(variant)
artisans = sorted(variants)
assert len(artisans) >= PER_ORDER, artisans
service = ShippingService.objects.filter(is_active=True).order_by("pk").first()
choose = random.Random(2026)
now = timezone.now()
shipping_mad = Decimal("120.00")
plans, orders = [], []
for i in range(COUNT):
    parts = []
    for artisan_id in choose.sample(artisans, PER_ORDER):
        variant = choose.choice(variants[artisan_id])
        line_mad = variant.price_mad
        line, shipping = (line_mad * RATE).quantize(cent), (shipping_mad * RATE).quantize(cent)
        parts.append((artisan_id, variant, line_mad, line, shipping))
    subtotal_mad = sum(part[2] for part in parts)
    subtotal = sum(part[3] for part in parts)
    shipping_total = sum(part[4] for part in parts)
    orders.append(Order(
        number=f"SK-B{{i:07d}}", email=f"buyer{{i}}@example.com", language="en", status=OrderStatus.AWAITING_PAYMENT,
        currency="EUR", exchange_rate=RATE, exchange_rate_at=now, incoterm="DAP",
        shipping_name="Claire Martin", shipping_line1="12 rue des Potiers", shipping_city="Lyon",
        shipping_postal_code="69002", shipping_country="FR", shipping_phone="+33612345678",
        subtotal=subtotal, subtotal_mad=subtotal_mad,
        shipping_total=shipping_total, shipping_total_mad=shipping_mad * PER_ORDER,
        duties_total=0, duties_total_mad=0, duties_collected=0, duties_collected_mad=0,
        total=subtotal + shipping_total, total_mad=subtotal_mad + shipping_mad * PER_ORDER,
        expires_at=now + timedelta(days=30),
    ))
    plans.append(parts)
with transaction.atomic():
    Order.objects.bulk_create(orders, batch_size=500)
    artisan_orders = []
    for order, parts in zip(orders, plans):
        for artisan_id, _variant, line_mad, line, shipping in parts:
            artisan_orders.append(ArtisanOrder(
                order=order, artisan_id=artisan_id, status=ArtisanOrderStatus.AWAITING_PAYMENT,
                shipping_service=service, subtotal=line, subtotal_mad=line_mad, shipping=shipping,
                shipping_mad=shipping_mad, duties=0, duties_mad=0,
                estimated_delivery_days_min=7, estimated_delivery_days_max=14,
            ))
    ArtisanOrder.objects.bulk_create(artisan_orders, batch_size=1000)
    lines, index = [], 0
    for parts in plans:
        for _artisan_id, variant, line_mad, line, _shipping in parts:
            product = variant.product
            lines.append(OrderLine(
                artisan_order=artisan_orders[index], variant=variant, product=product,
                title=product.title_en or product.title,
                sku=variant.sku, options=variant.options, hs_code=product.hs_code,
                weight_grams=variant.weight_grams or product.weight_grams, quantity=1,
                unit_price_mad=line_mad, unit_price=line, line_total_mad=line_mad, line_total=line,
            ))
            index += 1
    OrderLine.objects.bulk_create(lines, batch_size=1000)
    payments = [
        Payment(
            order=order, attempt=1, provider="stripe", provider_reference=f"pi_bench_{{i}}",
            client_secret=f"pi_bench_{{i}}_secret_bench", status=PaymentStatus.REQUIRES_PAYMENT_METHOD,
            currency=order.currency, amount=order.total, amount_mad=order.total_mad,
        )
        for i, order in enumerate(orders)
    ]
    Payment.objects.bulk_create(payments, batch_size=1000)
print("PAYMENTS " + json.dumps([
    [p.provider_reference, to_minor_units(p.amount, p.currency), p.currency, p.order.number] for p in payments
]))
"""


def prepare_database(args) -> list[list]:
    bench_common.database_recreate(args.postgres, args.database)
    manage(args, "migrate", "--noinput")
    manage(args, "seed_demo", "--quiet-logins")
    count = args.events * args.runs
    log(f"building {count} orders awaiting payment, with their payments")
    script = BUILD_SCRIPT.format(count=count, per_order=ARTISANS_PER_ORDER, rate=EUR_PER_MAD)
    output = manage(args, "shell", "-c", script)
    line = next((line for line in output.splitlines() if line.startswith("PAYMENTS ")), None)
    if line is None:
        raise BenchError(f"Could not build the orders:\n{output}")
    payments = json.loads(line[len("PAYMENTS ") :])
    bench_common.vacuum_analyze(args.postgres, args.database)
    return payments


# --- events -------------------------------------------------------------------------------


def event_body(event_id: str, reference: str, amount_minor: int, currency: str, order_number: str) -> bytes:
    """A `payment_intent.succeeded` event shaped like Stripe's (tests/payments/stripe_kit.py)."""
    intent = {
        "id": reference,
        "object": "payment_intent",
        "amount": amount_minor,
        "amount_received": amount_minor,
        "capture_method": "automatic",
        "currency": currency.lower(),
        "last_payment_error": None,
        "latest_charge": f"ch_for_{reference}",
        "metadata": {"order_number": order_number, "attempt": "1"},
        "payment_method_types": ["card"],
        "status": "succeeded",
    }
    event = {
        "id": event_id,
        "object": "event",
        "api_version": STRIPE_API_VERSION,
        "created": int(time.time()),
        "data": {"object": intent},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": "payment_intent.succeeded",
    }
    return json.dumps(event, separators=(",", ":")).encode()


def signature_header(body: bytes, secret: str = WEBHOOK_SECRET) -> str:
    """As Stripe signs: t=<ts>,v1=<HMAC-SHA256 of "<ts>.<body>">."""
    timestamp = int(time.time())
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def post_raw(port: int, body: bytes, signature: str) -> tuple[int, bytes]:
    # gunicorn's sync workers close the connection after each answer: one connection per request.
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Content-Type": "application/json", "Stripe-Signature": signature, "User-Agent": "Stripe/1.0"}
        connection.request("POST", WEBHOOK_PATH, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# --- the worker ---------------------------------------------------------------------------


def worker_command() -> list[str]:
    return [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--concurrency=1",
            "--loglevel=WARNING"]  # fmt: skip


# --- measuring ----------------------------------------------------------------------------


def probe(args) -> None:
    """A forged signature is refused; a signed event of a type we ignore is
    accepted. Then warm both gunicorn workers up; the rows and tasks these
    leave are removed before the first run."""
    body = event_body("evt_bench_probe_forged", "pi_none", 100, "EUR", "")
    status, answer = post_raw(args.port, body, signature_header(body, secret="whsec_wrong"))
    if status != 400:
        raise BenchError(f"a forged signature answered {status}, not 400: {answer[:300]!r}")
    for number in range(WARMUP_REQUESTS):
        body = event_body(f"evt_bench_warmup_{number:04d}", "pi_none", 100, "EUR", "")
        body = body.replace(b'"payment_intent.succeeded"', b'"bench.warmup"')
        status, answer = post_raw(args.port, body, signature_header(body))
        if status != 200:
            raise BenchError(f"a signed event answered {status}, not 200: {answer[:300]!r}")
    with psql(args.postgres, args.database) as connection:
        connection.execute("DELETE FROM payments_webhookevent WHERE event_id LIKE 'evt_bench_warmup_%'")
    redis_flush(args.redis_url)


def cpu_per_event(spent: CpuSpent, events: int) -> dict:
    """What the server's (or the worker's) processes, their PostgreSQL
    backends and the client threads spent per event."""
    app, db = spent.groups["app"], spent.groups["db"]
    per_event = 1000 / max(events, 1)
    other = spent.other_share(app, db, spent.client)
    return {
        "app_ms_per_event": round(app * per_event, 3),
        # A backend that went away during the window (its connection was recycled) makes this meaningless.
        "db_ms_per_event": round(db * per_event, 3) if not spent.gone["db"] else None,
        "client_ms_per_event": round(spent.client * per_event, 3),
        "machine_busy_share": round(spent.busy / spent.total, 3) if spent.total else None,
        # Busy CPU of anything else (Redis, the poller, other people's work), as a share of the machine.
        "other_cpu_share": round(other, 3) if other is not None else None,
    }


def accepted_answer(answer: bytes) -> bool:
    """Stored now (not a duplicate) and waiting for the worker."""
    with contextlib.suppress(ValueError):
        parsed = json.loads(answer)
        return parsed.get("duplicate") is False and parsed.get("status") == "pending"
    return False


def accept(args, server: Server, payments: list[list], run: int) -> dict:
    """POST one signed event per payment with `concurrency` threads; no worker runs."""
    lock = threading.Lock()
    next_index = iter(range(len(payments)))
    latencies, errors, samples = [], Counter(), []

    def client():
        while True:
            with lock:
                index = next(next_index, None)
            if index is None:
                return
            reference, amount_minor, currency, order_number = payments[index]
            body = event_body(f"evt_bench_r{run}_{index:06d}", reference, amount_minor, currency, order_number)
            started = time.perf_counter()
            try:
                status, answer = post_raw(args.port, body, signature_header(body))
            except (OSError, http.client.HTTPException) as error:
                status, answer = f"socket {type(error).__name__}", str(error).encode()
            elapsed = time.perf_counter() - started
            ok = status == 200 and accepted_answer(answer)
            with lock:
                latencies.append(elapsed)
                if not ok:
                    errors[str(status)] += 1
                    if len(samples) < 5:
                        samples.append(f"{status}: {answer[:300].decode(errors='replace')}")

    backends = bench_common.database_backends(args.postgres, args.database)
    meter = CpuMeter(app=server.worker_pids(), db=backends).start()
    started = time.perf_counter()
    threads = [threading.Thread(target=client, daemon=True) for _ in range(args.concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    cpu = cpu_per_event(meter.stop(), len(payments))
    return {
        "events": len(payments),
        "seconds": round(elapsed, 3),
        "accepted_per_second": round((len(payments) - sum(errors.values())) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 2),
        "p90_ms": round(percentile(latencies, 0.90) * 1000, 2),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 2),
        "max_ms": round(max(latencies) * 1000, 2),
        "errors": dict(errors),
        "error_samples": samples,
        "database_backends": len(backends),
        "cpu": cpu,
    }


def queue_lengths(args) -> tuple[int, int]:
    """(messages waiting in the default queue, messages delivered but not acknowledged)."""
    import redis

    client = redis.Redis.from_url(args.redis_url)
    return client.llen("celery"), client.hlen("unacked")


def database_sessions(connection, database: str) -> int:
    """Sessions ever opened on the database (PostgreSQL 14+)."""
    return connection.execute("SELECT sessions FROM pg_stat_database WHERE datname = %s", [database]).fetchone()[0]


def apply(args, run: int, expected: int) -> dict:
    """One solo worker drains the queue the accept phase filled."""
    like = f"evt_bench_r{run}_%"
    waiting, _unacked = queue_lengths(args)
    if waiting != expected:
        raise BenchError(f"{waiting} tasks wait in Redis after the accept phase, not {expected}")
    worker = Process("celery-webhooks", worker_command(), app_env(args), args.results_dir)
    poll = psql(args.postgres, args.database)
    counts_sql = "SELECT status, count(*) FROM payments_webhookevent WHERE event_id LIKE %s GROUP BY status"
    try:
        launched = time.perf_counter()
        worker.start()
        deadline = launched + args.drain_timeout
        first_applied = meter = None
        sessions_before = sessions_after = database_sessions(poll, args.database)
        while True:
            if worker.process.poll() is not None:
                raise BenchError(f"the Celery worker exited; see {worker.log_path}")
            counts = dict(poll.execute(counts_sql, [like]).fetchall())
            done = expected - counts.get("pending", 0)
            if done and first_applied is None:
                # The worker is up and applying: count its CPU from here. Not its PostgreSQL
                # backends': Celery's Django fixup closes the connection around every task.
                first_applied = (time.perf_counter(), done)
                meter = CpuMeter(app=[worker.process.pid], db=[]).start()
            if done >= expected:
                all_applied = time.perf_counter()
                spent = meter.stop()
                break
            if time.perf_counter() > deadline:
                raise BenchError(f"only {done} of {expected} events applied in {args.drain_timeout} s: {counts}")
            time.sleep(0.1)
        # Then, if asked, the e-mails the applies queued (one per artisan order), until the queue is empty.
        while args.drain_emails and queue_lengths(args) != (0, 0):
            if time.perf_counter() > deadline:
                raise BenchError(f"the queue did not empty in {args.drain_timeout} s: {queue_lengths(args)}")
            time.sleep(0.1)
        queue_empty = time.perf_counter()
        emails_left = queue_lengths(args)[0]
        counts = dict(poll.execute(counts_sql, [like]).fetchall())
        span, outcomes = poll.execute(
            "SELECT extract(epoch FROM max(applied_at) - min(applied_at)), "
            "count(*) FILTER (WHERE outcome = 'order paid') FROM payments_webhookevent WHERE event_id LIKE %s",
            [like],
        ).fetchone()
        attempts = poll.execute(
            "SELECT max(attempts) FROM payments_webhookevent WHERE event_id LIKE %s", [like]
        ).fetchone()[0]
    finally:
        worker.stop()
        with contextlib.suppress(Exception):
            time.sleep(1.5)  # PostgreSQL's statistics are flushed about every second
            sessions_after = database_sessions(poll, args.database)
        poll.close()
    span = float(span)
    cpu = cpu_per_event(spent, expected - first_applied[1])
    cpu["db_ms_per_event"] = None  # see above
    # Each apply, then (at least) the e-mails it queued, one per artisan order.
    tasks = expected + (ARTISANS_PER_ORDER * expected - emails_left)
    return {
        "events": expected,
        "statuses": counts,
        "outcome_order_paid": outcomes,
        "max_attempts": attempts,
        "applied_span_s": round(span, 3),
        # The first event's own time is not in the span: n - 1 events over it.
        "applied_per_second": round((expected - 1) / span, 1) if span else None,
        "ms_per_event": round(span * 1000 / (expected - 1), 2) if span else None,
        "worker_start_to_first_applied_s": round(first_applied[0] - launched, 2),
        "worker_start_to_all_applied_s": round(all_applied - launched, 2),
        "emails_drained_s": round(queue_empty - all_applied, 2) if args.drain_emails else None,
        "emails_left_in_queue": emails_left,  # flushed before the next run
        "cpu": cpu,
        # PostgreSQL sessions opened while the worker ran (the poller's is open already), per task.
        "database_sessions_per_task": round((sessions_after - sessions_before) / tasks, 2),
    }


def run_checks(args, runs: int, events: int) -> dict:
    """After every run: what the applied events must have done."""
    total = runs * events
    with psql(args.postgres, args.database) as connection:

        def scalar(sql: str):
            return connection.execute(sql).fetchone()[0]

        facts = {
            "orders_paid": scalar("SELECT count(*) FROM orders_order WHERE number LIKE 'SK-B%' AND status = 'paid'"),
            "artisan_orders_to_prepare": scalar("SELECT count(*) FROM orders_artisanorder WHERE status = 'to_prepare'"),
            "payments_succeeded": scalar(
                "SELECT count(*) FROM payments_payment WHERE provider_reference LIKE 'pi_bench_%' "
                "AND status = 'succeeded'"
            ),
            "webhook_events_not_applied": scalar(
                "SELECT count(*) FROM payments_webhookevent WHERE status <> 'applied'"
            ),
            "ledger_transactions": dict(
                connection.execute("SELECT kind, count(*) FROM payments_ledgertransaction GROUP BY kind").fetchall()
            ),
            "ledger_entries": scalar("SELECT count(*) FROM payments_ledgerentry"),
            "ledger_sum_mad": str(scalar("SELECT coalesce(sum(amount_mad), 0) FROM payments_ledgerentry")),
            "ledger_transactions_unbalanced": scalar(
                "SELECT count(*) FROM (SELECT transaction_id FROM payments_ledgerentry GROUP BY transaction_id "
                "HAVING sum(amount_mad) <> 0 OR (count(DISTINCT currency) = 1 AND sum(amount) <> 0)) AS t"
            ),
            "line_commissions": scalar("SELECT count(*) FROM payments_linecommission"),
        }
    problems = []
    if facts["orders_paid"] != total:
        problems.append(f"{facts['orders_paid']} orders paid, not {total}")
    if facts["artisan_orders_to_prepare"] != total * ARTISANS_PER_ORDER:
        problems.append(f"{facts['artisan_orders_to_prepare']} artisan orders to prepare")
    if facts["payments_succeeded"] != total:
        problems.append(f"{facts['payments_succeeded']} payments succeeded, not {total}")
    if facts["webhook_events_not_applied"]:
        problems.append(f"{facts['webhook_events_not_applied']} webhook events not applied")
    if facts["ledger_transactions"] != {"capture": total, "commission": total}:
        problems.append(f"ledger transactions {facts['ledger_transactions']}, not {total} capture + commission")
    if facts["ledger_sum_mad"] not in ("0", "0.00") or facts["ledger_transactions_unbalanced"]:
        problems.append(
            f"the ledger does not balance: {facts['ledger_sum_mad']} MAD, "
            f"{facts['ledger_transactions_unbalanced']} unbalanced transactions"
        )
    if facts["line_commissions"] != total * ARTISANS_PER_ORDER:
        problems.append(f"{facts['line_commissions']} line commissions, not {total * ARTISANS_PER_ORDER}")
    facts["problems"] = problems
    return facts


# --- report -------------------------------------------------------------------------------


def summarise(runs: list[dict]) -> dict:
    def median(phase, name):
        values = [run[phase][name] for run in runs if run[phase][name] is not None]
        return statistics.median(values) if values else None

    def median_cpu(phase, name):
        values = [run[phase]["cpu"][name] for run in runs if run[phase]["cpu"][name] is not None]
        return statistics.median(values) if values else None

    return {
        "accepted_per_second": median("accept", "accepted_per_second"),
        "post_p50_ms": median("accept", "p50_ms"),
        "post_p90_ms": median("accept", "p90_ms"),
        "post_p99_ms": median("accept", "p99_ms"),
        "accept_app_cpu_ms_per_event": median_cpu("accept", "app_ms_per_event"),
        "accept_db_cpu_ms_per_event": median_cpu("accept", "db_ms_per_event"),
        "accept_client_cpu_ms_per_event": median_cpu("accept", "client_ms_per_event"),
        "accept_other_cpu_share": median_cpu("accept", "other_cpu_share"),
        "applied_per_second": median("apply", "applied_per_second"),
        "apply_ms_per_event": median("apply", "ms_per_event"),
        "worker_start_to_all_applied_s": median("apply", "worker_start_to_all_applied_s"),
        "emails_drained_s": median("apply", "emails_drained_s"),
        "apply_worker_cpu_ms_per_event": median_cpu("apply", "app_ms_per_event"),
        "apply_database_sessions_per_task": median("apply", "database_sessions_per_task"),
        "apply_other_cpu_share": median_cpu("apply", "other_cpu_share"),
        "errors": sum(sum(run["accept"]["errors"].values()) for run in runs),
    }


def main(argv=None) -> int:
    return bench_common.script_main(parse_args, benchmark, __file__, argv)


def benchmark(args) -> int:
    for module in bench_common.modules_missing("psycopg", "redis", "gunicorn", "celery", "django"):
        log(f"error: the Python package {module} is missing (run with .venv/bin/python)")
        return 1
    if args.events < 2 or args.runs < 1:
        log("error: --events must be at least 2 and --runs at least 1")
        return 1

    started = datetime.now(UTC)
    server = None
    runs, checks = [], {}
    try:
        redis_flush(args.redis_url)
        payments = prepare_database(args)
        server = Server("webhooks", app_env(args), args.results_dir, port=args.port, workers=args.workers)
        server.start()
        probe(args)
        for run in range(1, args.runs + 1):
            busy = bench_common.wait_for_quiet_machine(args.max_other_cpu, args.quiet_wait)
            redis_flush(args.redis_url)
            mine = payments[(run - 1) * args.events : run * args.events]
            log(f"[{run}/{args.runs}] accept: POSTing {len(mine)} events, {args.concurrency} at a time, no worker")
            accepted = accept(args, server, mine, run)
            log(
                f"[{run}/{args.runs}] accept: {accepted['accepted_per_second']:7.1f} events/s  "
                f"p50 {accepted['p50_ms']:6.1f} ms  p99 {accepted['p99_ms']:6.1f} ms  server CPU "
                f"{accepted['cpu']['app_ms_per_event'] + (accepted['cpu']['db_ms_per_event'] or 0):5.2f} ms/event  "
                f"others {accepted['cpu']['other_cpu_share'] or 0:.0%}"
                + (f"  ERRORS {accepted['errors']} {accepted['error_samples']}" if accepted["errors"] else "")
            )
            if accepted["errors"]:
                raise BenchError(f"{sum(accepted['errors'].values())} events were not accepted")
            applied = apply(args, run, len(mine))
            log(
                f"[{run}/{args.runs}] apply:  {applied['applied_per_second']:7.1f} events/s  "
                f"({applied['ms_per_event']:.2f} ms each; worker start to all applied "
                f"{applied['worker_start_to_all_applied_s']:.1f} s"
                + (f", then e-mails {applied['emails_drained_s']:.1f} s)" if args.drain_emails else ")")
                + f"  worker CPU {applied['cpu']['app_ms_per_event']:5.2f} ms/event"
                f"  others {applied['cpu']['other_cpu_share'] or 0:.0%}  statuses {applied['statuses']}"
            )
            if applied["outcome_order_paid"] != len(mine):
                raise BenchError(f"only {applied['outcome_order_paid']} of {len(mine)} events paid their order")
            runs.append({"run": run, "busy_before": round(busy, 3), "accept": accepted, "apply": applied})
        checks = run_checks(args, args.runs, args.events)
    except BenchError as error:
        log(f"error: {error}")
        return 1
    finally:
        if server is not None:
            server.stop()
        with contextlib.suppress(Exception):
            redis_flush(args.redis_url)

    summary = summarise(runs)
    report = {
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "parameters": {
            "events_per_run": args.events,
            "runs": args.runs,
            "concurrency": args.concurrency,
            "gunicorn": f"{args.workers} sync workers",
            "celery": " ".join(worker_command()[2:]),
            "conn_max_age": args.conn_max_age,
            "redis": args.redis_url,
            "artisan_orders_per_order": ARTISANS_PER_ORDER,
            "currency": "EUR",
        },
        "machine": bench_common.machine(),
        "git": git_state(),
        "sanity": checks,
        "summary": summary,
        "runs": runs,
    }
    out = bench_common.report_write(args.results_dir, args.output, report)
    print(
        f"\n{args.events} events x {args.runs} runs (medians): accepted {summary['accepted_per_second']:.1f}/s "
        f"(POST p50 {summary['post_p50_ms']:.1f} ms, p99 {summary['post_p99_ms']:.1f} ms, "
        f"{args.concurrency} clients, server CPU {summary['accept_app_cpu_ms_per_event']:.2f} + "
        f"{summary['accept_db_cpu_ms_per_event'] or 0:.2f} ms/event); applied {summary['applied_per_second']:.1f}/s "
        f"by one solo worker ({summary['apply_ms_per_event']:.2f} ms/event, worker CPU "
        f"{summary['apply_worker_cpu_ms_per_event']:.2f} ms/event, "
        f"{summary['apply_database_sessions_per_task']:.2f} new PostgreSQL sessions per task)\n"
        f"sanity: {checks['orders_paid']} orders paid, {checks['payments_succeeded']} payments succeeded, "
        f"ledger {checks['ledger_transactions']} summing to {checks['ledger_sum_mad']} MAD, "
        f"{checks['ledger_transactions_unbalanced']} unbalanced; "
        + ("OK" if not checks["problems"] else f"PROBLEMS: {checks['problems']}")
        + f"\nwritten: {out}"
    )
    return 1 if summary["errors"] or checks["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
