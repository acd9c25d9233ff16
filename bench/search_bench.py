"""Product search on PostgreSQL: how long the first page and the count of a
search take over a seeded catalogue.

    .venv/bin/python bench/search_bench.py                     # 10,000 products, 21 timings per query
    .venv/bin/python bench/search_bench.py --reuse-db          # the catalogue seeded by the last run
    .venv/bin/python bench/search_bench.py --commit 124bc8c    # a clean export of a commit (before/after)

Re-creates the database `souk_bench_search` (`--database`) on `--postgres`,
migrates it, seeds it (`seed_demo --products N`, which ends with VACUUM
ANALYZE), then, in this process, runs the product list's search queryset
(`catalog.search.search_products` over active products, the buyer's language
English) for each query: the first page of 24 ordered by rank, and the count,
each timed `--repeat` times after one warm-up. It also records whether the
plan is index-shaped (no sequential scan). Writes
bench/results/search_latest.json (`--output`). Exit status 1 when the set-up
fails.
"""

import os
import statistics
import sys
import time
from datetime import UTC, datetime

import bench_common  # sibling module: this file runs as a script
from bench_common import ROOT, BenchError, git_state, log, manage

# Common words (pottery is a third of the generated catalogue), a misspelling,
# Arabic, two words, a French accent, and a word found nowhere.
QUERIES = ["tagine", "tajine", "طاجين", "carpet wool", "théière", "zzzz"]
PAGE_SIZE = 24


def parse_args(argv):
    parser = bench_common.argument_parser(__doc__)
    bench_common.options_database(
        parser, database="souk_bench_search", reuse_help="keep the database and its products (no seeding)"
    )
    parser.add_argument("--products", type=int, default=10_000, help="products to seed (default 10000)")
    parser.add_argument("--repeat", type=int, default=21, help="timings of each query after a warm-up (default 21)")
    bench_common.options_output(parser, output="search_latest")
    return parser.parse_args(argv)


def prepare_database(args, env: dict) -> None:
    bench_common.database_recreate(args.postgres, args.database, reuse=args.reuse_db)
    manage(env, "migrate", "--noinput")
    if not args.reuse_db:
        started = time.perf_counter()
        manage(env, "seed_demo", "--products", str(args.products), "--quiet-logins")
        log(f"seeded in {time.perf_counter() - started:.0f} s")
    # seed_demo does it from 0005 on; older commits need it for a fair comparison.
    bench_common.vacuum_analyze(args.postgres, args.database)


def timed(function, repeat: int) -> dict:
    function()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"median_ms": round(statistics.median(times), 1), "p90_ms": round(times[int(len(times) * 0.9) - 1], 1)}


def measure(args) -> dict:
    import django

    django.setup()
    from catalog.models import Product, ProductStatus
    from catalog.search import search_products

    results = {}
    for query in QUERIES:
        matching = search_products(Product.objects.filter(status=ProductStatus.ACTIVE), query, "en")
        page = matching.order_by("-search_rank", "-id")[:PAGE_SIZE]
        plan = page.explain()
        results[query] = {
            "matches": matching.count(),
            "page": timed(lambda page=page: list(page.values_list("id", flat=True)), args.repeat),
            "count": timed(matching.count, args.repeat),
            "sequential_scan": "Seq Scan" in plan,
        }
        log(f"{query}: page {results[query]['page']['median_ms']} ms, count {results[query]['count']['median_ms']} ms")
    return results


def main(argv=None) -> int:
    return bench_common.script_main(parse_args, benchmark, __file__, argv)


def benchmark(args) -> int:
    database_url = f"{args.postgres}/{args.database}"
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "0", "SECRET_KEY": "bench-only-not-a-secret"}
    os.environ.update({key: env[key] for key in ("DATABASE_URL", "DEBUG", "SECRET_KEY")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    try:
        prepare_database(args, env)
        queries = measure(args)
    except BenchError as error:
        log(f"error: {error}")
        return 1
    report = {
        "products": args.products,
        "repeat": args.repeat,
        "queries": queries,
        "code": git_state(),
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    bench_common.report_write(args.results_dir, args.output, report)
    print(f"{'query':<14} {'matches':>8} {'page p50':>9} {'page p90':>9} {'count p50':>10} {'seq scan':>9}")
    for query, row in queries.items():
        print(f"{query:<14} {row['matches']:>8} {row['page']['median_ms']:>9} {row['page']['p90_ms']:>9} "
              f"{row['count']['median_ms']:>10} {row['sequential_scan']!s:>9}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
