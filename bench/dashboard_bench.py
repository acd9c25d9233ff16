"""The export dashboard at 100,000 paid orders: how long its figures take
(the selectors the admin page calls) and the page itself, for an operator
and for a cooperative admin.

    .venv/bin/python bench/dashboard_bench.py                  # 100,000 orders, 11 timings each
    .venv/bin/python bench/dashboard_bench.py --reuse-db       # the orders of the last run
    .venv/bin/python bench/dashboard_bench.py --orders 20000   # a shorter set-up
    .venv/bin/python bench/dashboard_bench.py --commit 1a2b3c4 # a clean export of a commit

Re-creates the database `souk_bench_dashboard` (`--database`) on
`--postgres`, migrates it and runs `seed_demo`, whose two years of export
history (demo/export_history.py, ~1,600 paid orders in the programme's mix)
are then copied in PostgreSQL, with INSERT ... SELECT, until there are
`--orders` paid orders with their artisan orders and lines, each copy's
orders a few minutes apart from the originals (same two years, same mix).
Events and payments are not copied: the dashboard reads neither. Then
VACUUM ANALYZE, and the daily roll-up the dashboard reads
(analytics.rollup): a full refresh, then `--changed-days` old days changed
(one artisan order each, as a refund would) and the incremental refresh
beat runs every 5 minutes, both timed; those days are still read from the
lines, as right after a refresh. Then, in this process, with DEBUG off:

- `selectors`: what analytics.admin_views.dashboard computes,
  analytics.selectors.exports_dashboard_visible_to (the summary and every
  table, from the roll-up and the changed days' lines, in one query) over
  the default period (the last twelve months), as the operator and as the
  Safi cooperative's admin; checked equal to `lines` first;
- `lines`: the same figures from the lines (exports_dashboard: one
  GROUPING SETS query over every line, what the page computed before the
  roll-up);
- `page`: GET /admin/analytics/dashboard/ through Django's test client,
  logged in as each of them (the template, charts' JSON and tables included);

each timed `--repeat` times after one warm-up: medians and p90 of the wall
time, and the median CPU time of this process plus its PostgreSQL backend
(on a shared machine the wall time also counts waits for a CPU). Also a
calibration: one plain pass over the order lines, to scale the numbers to
another machine. The target: every median of `selectors` and `page` under
1,000 ms. Writes bench/results/dashboard_latest.json (`--output`). Exit
status 1 when the set-up fails or a median misses the target.
"""

import os
import statistics
import sys
import time
from datetime import UTC, datetime

import bench_common  # sibling module: this file runs as a script
from bench_common import ROOT, BenchError, git_state, log, manage

TARGET_MS = 1000.0
OPERATOR = "admin@souk.example"
COOPERATIVE_ADMIN = "coop.safi@souk.example"
STATIC_FILES = "django.contrib.staticfiles.storage.StaticFilesStorage"


def parse_args(argv):
    parser = bench_common.argument_parser(__doc__)
    bench_common.options_database(
        parser,
        database="souk_bench_dashboard",
        reuse_help="keep the database, its demo and orders (tops them up to --orders)",
    )
    parser.add_argument("--orders", type=int, default=100_000, help="paid orders to reach (default 100000)")
    parser.add_argument("--repeat", type=int, default=11, help="timings of each measure after a warm-up (default 11)")
    parser.add_argument(
        "--changed-days", type=int, default=20, help="old days changed before the incremental refresh (default 20)"
    )
    bench_common.options_output(parser, output="dashboard_latest")
    return parser.parse_args(argv)


def _columns(model, overrides: dict) -> tuple[str, str]:
    """The INSERT column list of `model` (its id left to the sequence) and the
    SELECT list copying a row aliased `t`, with `overrides` (column: SQL)."""
    columns = [field.column for field in model._meta.concrete_fields if not field.primary_key]
    return (
        ", ".join(f'"{column}"' for column in columns),
        ", ".join(overrides.get(column, f't."{column}"') for column in columns),
    )


def orders_copy(target: int) -> int:
    """Copy the demo's history orders (numbers SKyymmdd-0nnnnn) until there
    are `target` paid orders: copy k numbers its orders Bkkk<yymmdd>-0nnnnn and
    places them k*7 minutes earlier. Three INSERT ... SELECT a copy."""
    from django.db import connection, transaction

    from orders.lifecycle import PAID_OR_LATER
    from orders.models import ArtisanOrder, Order, OrderLine

    paid = Order.objects.filter(status__in=PAID_OR_LATER)
    history = Order.objects.filter(number__regex=r"^SK[0-9]{6}-0[0-9]{5}$")
    per_copy = history.count()
    if per_copy == 0:
        raise BenchError("seed_demo wrote no export history to copy")
    order_columns, order_select = _columns(
        Order,
        {
            "number": "%(prefix)s || substr(t.number, 3)",
            "access_token": "md5(random()::text)",
            "placed_at": "t.placed_at - %(shift)s * interval '7 minutes'",
        },
    )
    part_columns, part_select = _columns(ArtisanOrder, {"order_id": "o.id"})
    line_columns, line_select = _columns(OrderLine, {"artisan_order_id": "p.id"})
    # A run with --reuse-db tops up the orders of the last one: numbering goes on from its last copy.
    last = Order.objects.filter(number__regex=r"^B[0-9]{3}").order_by("-number").values_list("number", flat=True)
    copy = int(last[0][1:4]) if last else 0
    with connection.cursor() as cursor:
        while paid.count() < target:
            copy += 1
            prefix, count = f"B{copy:03d}", min(per_copy, target - paid.count())
            with transaction.atomic():
                cursor.execute(
                    f"INSERT INTO {Order._meta.db_table} ({order_columns}) SELECT {order_select} "
                    f"FROM {Order._meta.db_table} t WHERE t.number ~ '^SK[0-9]{{6}}-0[0-9]{{5}}$' "
                    "ORDER BY t.id LIMIT %(count)s",
                    {"prefix": prefix, "shift": copy, "count": count},
                )
                cursor.execute(
                    f"INSERT INTO {ArtisanOrder._meta.db_table} ({part_columns}) SELECT {part_select} "
                    f"FROM {ArtisanOrder._meta.db_table} t JOIN {Order._meta.db_table} s ON s.id = t.order_id "
                    f"JOIN {Order._meta.db_table} o ON o.number = %(prefix)s || substr(s.number, 3)",
                    {"prefix": prefix},
                )
                cursor.execute(
                    f"INSERT INTO {OrderLine._meta.db_table} ({line_columns}) SELECT {line_select} "
                    f"FROM {OrderLine._meta.db_table} t "
                    f"JOIN {ArtisanOrder._meta.db_table} sp ON sp.id = t.artisan_order_id "
                    f"JOIN {Order._meta.db_table} s ON s.id = sp.order_id "
                    f"JOIN {Order._meta.db_table} o ON o.number = %(prefix)s || substr(s.number, 3) "
                    f"JOIN {ArtisanOrder._meta.db_table} p ON p.order_id = o.id AND p.artisan_id = sp.artisan_id",
                    {"prefix": prefix},
                )
            if copy % 10 == 0:
                log(f"{paid.count()} paid orders")
    return paid.count()


def prepare_database(args, env: dict) -> None:
    bench_common.database_recreate(args.postgres, args.database, reuse=args.reuse_db)
    manage(env, "migrate", "--noinput")
    if not args.reuse_db:
        started = time.perf_counter()
        manage(env, "seed_demo", "--quiet-logins")
        log(f"seeded in {time.perf_counter() - started:.0f} s")
    import django

    django.setup()
    started = time.perf_counter()
    orders = orders_copy(args.orders)
    log(f"{orders} paid orders in {time.perf_counter() - started:.0f} s")
    bench_common.vacuum_analyze(args.postgres, args.database)
    return rollup_refresh(args)


def rollup_refresh(args) -> dict:
    """The daily roll-up the dashboard reads (analytics.rollup): a full
    refresh, then, after `--changed-days` old orders changed (as refunds
    would change them, one a day), the incremental refresh beat makes every
    5 minutes. Those days stay read from the lines while within the
    roll-up's margin, as right after a refresh in production."""
    from django.db import connection

    from analytics.models import ExportDay, ExportDaySpan
    from analytics.rollup import days_changed_since_refresh
    from analytics.services import export_rollup_refresh
    from orders.models import ArtisanOrder

    started = time.perf_counter()
    export_rollup_refresh(full=True)
    full_s = time.perf_counter() - started
    with connection.cursor() as cursor:
        # One artisan order on each of the last `--changed-days` days with sales before a month ago.
        cursor.execute(
            f"UPDATE {ArtisanOrder._meta.db_table} SET updated_at = now() WHERE id IN ("
            "SELECT DISTINCT ON (o.placed_at::date) p.id FROM orders_artisanorder p "
            "JOIN orders_order o ON o.id = p.order_id WHERE o.placed_at < now() - interval '30 days' "
            "ORDER BY o.placed_at::date DESC, p.id LIMIT %s)",
            [args.changed_days],
        )
    started = time.perf_counter()
    incremental = export_rollup_refresh()
    incremental_s = time.perf_counter() - started
    rollup = {
        "full_refresh_s": round(full_s, 2),
        "incremental_refresh_s": round(incremental_s, 3),
        "incremental_days": incremental["days"],
        "export_days": ExportDay.objects.count(),
        "export_day_spans": ExportDaySpan.objects.count(),
        "days_read_from_lines": len(days_changed_since_refresh()),
    }
    log(f"roll-up: full refresh {full_s:.2f} s, incremental ({incremental['days']} days) {incremental_s:.3f} s, "
        f"{rollup['export_days']} rows, {rollup['days_read_from_lines']} days read from the lines")  # fmt: skip
    return rollup


def timed(function, repeat: int, backend_pid: int) -> dict:
    """Wall time, and CPU time of this process plus its PostgreSQL backend:
    on a shared machine the wall time also counts the waits for a CPU."""
    function()
    times, cpu_times = [], []
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), cpu_seconds(backend_pid)
        function()
        times.append((time.perf_counter() - started) * 1000)
        cpu_times.append((cpu_seconds(backend_pid) - cpu_started) * 1000)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 1),
        "p90_ms": round(times[int(len(times) * 0.9) - 1], 1),
        "cpu_median_ms": round(statistics.median(cpu_times), 1),
    }


def cpu_seconds(backend_pid: int) -> float:
    return time.process_time() + (bench_common.process_cpu_seconds(backend_pid) or 0.0)


def measure(args) -> tuple[dict, dict]:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from analytics.selectors import Period, export_lines_visible_to, exports_dashboard, exports_dashboard_visible_to
    from marketplace.models import User
    from orders.lifecycle import PAID_OR_LATER
    from orders.models import Order, OrderLine

    def lines(user):
        return exports_dashboard(export_lines_visible_to(user), Period.default())

    def dashboard(user):
        return exports_dashboard_visible_to(user, Period.default())

    # The manifest of collected static files is a deployment's; the page only needs their URLs.
    static_files = override_settings(STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": STATIC_FILES}})
    static_files.enable()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend_pid = cursor.fetchone()[0]
    results = {}
    for role, email in (("operator", OPERATOR), ("cooperative_admin", COOPERATIVE_ADMIN)):
        user = User.objects.get(email=email)
        client = Client()
        client.force_login(user)

        def page(client=client):
            response = client.get("/admin/analytics/dashboard/", secure=True)
            if response.status_code != 200:
                raise BenchError(f"the dashboard answered {response.status_code}")
            return response

        with CaptureQueriesContext(connection) as captured:
            page()
        queries = len(captured)
        figures = dashboard(user)
        if figures != lines(user):
            raise BenchError(f"the roll-up's figures are not the lines' ({role})")
        summary = figures[0]
        results[role] = {
            "orders_in_period": summary["orders"],
            "total_mad": str(summary["total_mad"]),
            "page_queries": queries,
            "selectors": timed(lambda user=user: dashboard(user), args.repeat, backend_pid),
            "lines": timed(lambda user=user: lines(user), args.repeat, backend_pid),
            "page": timed(page, args.repeat, backend_pid),
        }
        log(f"{role}: " + ", ".join(f"{name} {row['median_ms']} ms (CPU {row['cpu_median_ms']} ms)"
                                    for name, row in results[role].items() if isinstance(row, dict)))  # fmt: skip

    def line_scan():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*), sum(line_total_mad) FROM {OrderLine._meta.db_table}")
            cursor.fetchall()

    data = {
        "paid_orders": Order.objects.filter(status__in=PAID_OR_LATER).count(),
        "order_lines": OrderLine.objects.count(),
        # How fast this machine is now: one plain pass over the lines (~10-15 ms on an idle recent core).
        "calibration_line_scan": timed(line_scan, args.repeat, backend_pid),
    }
    log(f"calibration: a pass over the lines {data['calibration_line_scan']['median_ms']} ms")
    return results, data


def main(argv=None) -> int:
    return bench_common.script_main(parse_args, benchmark, __file__, argv)


def benchmark(args) -> int:
    database_url = f"{args.postgres}/{args.database}"
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "0", "SECRET_KEY": "bench-only-not-a-secret"}
    env.pop("REDIS_URL", None)  # the page caches nothing: a local memory cache is enough
    os.environ.update({key: env[key] for key in ("DATABASE_URL", "DEBUG", "SECRET_KEY")})
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    try:
        rollup = prepare_database(args, env)
        results, data = measure(args)
    except BenchError as error:
        log(f"error: {error}")
        return 1
    report = {
        **data,
        "rollup": rollup,
        "repeat": args.repeat,
        "target_median_ms": TARGET_MS,
        "results": results,
        "code": git_state(),
        "machine": bench_common.machine(),
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    bench_common.report_write(args.results_dir, args.output, report)
    print(f"{data['paid_orders']} paid orders, {data['order_lines']} lines; "
          f"a plain pass over the lines: {data['calibration_line_scan']['median_ms']} ms")  # fmt: skip
    print(f"roll-up: full refresh {rollup['full_refresh_s']} s, incremental ({rollup['incremental_days']} days) "
          f"{rollup['incremental_refresh_s']} s; {rollup['days_read_from_lines']} days read from lines")  # fmt: skip
    print(f"{'as':<18} {'measure':<10} {'wall p50':>9} {'wall p90':>9} {'CPU p50':>8}")
    for role, row in results.items():
        for name in ("selectors", "lines", "page"):
            print(f"{role:<18} {name:<10} {row[name]['median_ms']:>9} {row[name]['p90_ms']:>9} "
                  f"{row[name]['cpu_median_ms']:>8}")  # fmt: skip
    medians = [row[measure]["median_ms"] for row in results.values() for measure in ("selectors", "page")]
    met = max(medians) < TARGET_MS
    print(f"slowest median {max(medians)} ms: {'meets' if met else 'MISSES'} the {TARGET_MS:.0f} ms target "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")  # fmt: skip
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
