"""Where an endpoint's time goes: the benchmark's requests, in one process,
through Django's test client (the whole middleware stack, the same settings,
database and Redis as bench/run.py), timed and optionally under cProfile.

    .venv/bin/python bench/profile_endpoints.py                         # time every endpoint
    .venv/bin/python bench/profile_endpoints.py list --profile --top 40  # cProfile of one

Needs the database bench/run.py made (souk_bench); run that first.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import run  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("endpoints", nargs="*", help="endpoint names (default: all)")
    parser.add_argument("--requests", type=int, default=300, help="timed requests per endpoint (default 300)")
    parser.add_argument("--profile", action="store_true", help="run the timed requests under cProfile")
    parser.add_argument("--top", type=int, default=30, help="rows of the profile to print (default 30)")
    parser.add_argument("--sort", default="tottime", help="pstats sort key (default tottime)")
    parser.add_argument("--dump", help="also save the raw profile to DUMP.<endpoint>.prof (for pstats, snakeviz)")
    parser.add_argument("--database", default="souk_bench")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/3")
    options = parser.parse_args(argv)

    endpoints = [e for e in run.ENDPOINTS if not options.endpoints or e.name in options.endpoints]
    floor = any(e.server == "floor" for e in endpoints)
    os.environ.update(run.server_env(options, "bench.floor_settings" if floor else "config.settings"))

    import django

    django.setup()
    from django.test import Client
    from django.test.utils import override_settings

    from catalog.models import Product
    from marketplace.api.authentication import token_pair_for
    from marketplace.models import User

    slug = Product.objects.filter(status="active").order_by("-created_at", "-id").values_list("slug", flat=True)[0]
    user, _created = User.objects.get_or_create(email=run.BENCH_USER)
    client = Client(HTTP_ACCEPT_LANGUAGE=run.ACCEPT_LANGUAGE, HTTP_HOST="127.0.0.1")
    for endpoint in endpoints:
        urlconf = "bench.floor_urls" if endpoint.server == "floor" else "config.urls"
        path = endpoint.path.replace("{slug}", slug)
        headers = {}
        if endpoint.name == "list_signed_in":
            headers["HTTP_AUTHORIZATION"] = f"Bearer {token_pair_for(user)['access']}"
        with override_settings(ROOT_URLCONF=urlconf):
            if endpoint.name == "repeat_list_304":
                headers["HTTP_IF_NONE_MATCH"] = client.get(path)["ETag"]

            def one(number, path=path, endpoint=endpoint, headers=headers):
                url = path + (("&" if "?" in path else "?") + f"_bench=p{number}" if endpoint.bust else "")
                response = client.get(url, **headers)
                assert response.status_code in (200, 304), (url, response.status_code, response.content[:200])

            for number in range(20):  # warm-up
                one(f"w{number}-{time.time_ns()}")
            profiler = cProfile.Profile() if options.profile else None
            started = time.perf_counter()
            if profiler:
                profiler.enable()
            for number in range(options.requests):
                one(f"{number}-{time.time_ns()}")
            if profiler:
                profiler.disable()
            elapsed = time.perf_counter() - started
        print(f"{endpoint.name:16} {elapsed / options.requests * 1000:7.2f} ms/request (in process, one client)")
        if profiler:
            output = io.StringIO()
            pstats.Stats(profiler, stream=output).strip_dirs().sort_stats(options.sort).print_stats(options.top)
            if options.dump:
                profiler.dump_stats(f"{options.dump}.{endpoint.name}.prof")
            print(output.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
