"""A local Stripe for development and tests: localstripe's aiohttp app,
served on 127.0.0.1 only, with its pickle-after-every-write persistence
switched off (the stock CLI binds every interface and rewrites
/tmp/localstripe.pickle after each call, which makes it slower and shared).

localstripe is a GPL-3.0 development dependency (requirements-dev.txt): it
runs beside Souk, nothing of it is shipped. In tests it runs in a thread of
the test process (`LocalStripe().start()`); `make run` runs this module:

    python -m devtools.local_stripe --port 8420 \
        --webhook-url http://127.0.0.1:8000/webhooks/stripe/ --webhook-secret whsec_...
"""

import argparse
import asyncio
import threading

import requests


def _without_persistence():
    from localstripe.resources import Store

    Store.dump_to_disk = lambda self: None
    Store.try_load_from_disk = lambda self: None


def _ids_of_its_own():
    """localstripe draws object ids from the global `random`, which a test
    framework may seed again and again (Hypothesis does): the same ids come
    back and it answers 409. Its own generator keeps ids unique."""
    import random
    import string

    from localstripe import resources

    generator = random.SystemRandom()
    alphabet = string.ascii_letters + string.digits
    resources.random_id = lambda n: "".join(generator.choice(alphabet) for _ in range(n))


_delay = {"seconds": 0.0}


def _slowly_middleware():
    from aiohttp import web

    @web.middleware
    async def slowly(request, handler):
        if _delay["seconds"] and not request.path.startswith("/_config"):
            await asyncio.sleep(_delay["seconds"])
        return await handler(request)

    return slowly


class LocalStripe:
    def __init__(self, port: int = 0):
        self.port = port
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "LocalStripe":
        _without_persistence()
        _ids_of_its_own()
        started = threading.Event()
        failure: list[BaseException] = []

        def serve():
            from aiohttp import web
            from localstripe.server import app

            self._loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self._loop)
            try:
                if not app.frozen:
                    app.middlewares.append(_slowly_middleware())
                self._runner = web.AppRunner(app, access_log=None)
                self._loop.run_until_complete(self._runner.setup())
                site = web.TCPSite(self._runner, "127.0.0.1", self.port)
                self._loop.run_until_complete(site.start())
                self.port = site._server.sockets[0].getsockname()[1]
            except BaseException as error:  # reported to the starting thread
                failure.append(error)
                started.set()
                return
            started.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=serve, name="localstripe", daemon=True)
        self._thread.start()
        started.wait(30)
        if failure:
            raise failure[0]
        return self

    def stop(self) -> None:
        if self._loop is None:
            return
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop = None

    def slow_down(self, seconds: float) -> None:
        """Every API answer waits `seconds` from now on (0: at once): a slow
        provider, for tests. The emulator serves other requests meanwhile."""
        _delay["seconds"] = seconds

    # --- localstripe's own configuration endpoints -------------------------------------------

    def wipe(self) -> None:
        """Forget every object (between tests: requests slow down as the store grows)."""
        requests.delete(f"{self.url}/_config/data", timeout=10).raise_for_status()

    def webhook_register(self, *, url: str, secret: str, endpoint_id: str = "souk") -> None:
        response = requests.post(
            f"{self.url}/_config/webhooks/{endpoint_id}", data={"url": url, "secret": secret}, timeout=10
        )
        response.raise_for_status()

    def webhooks_forget(self) -> None:
        """Let the deliveries already scheduled finish (they would reach the
        next test otherwise), then drop every endpoint: they survive a wipe."""
        from localstripe import webhooks

        if self._loop is not None:
            asyncio.run_coroutine_threadsafe(_deliveries_finished(), self._loop).result(15)
        # A new dict, not clear(): a delivery iterating the old one is not disturbed.
        webhooks._webhooks = {}


async def _deliveries_finished() -> None:
    pending = [task for task in asyncio.all_tasks() if task.get_coro().__name__ == "_send_webhook"]
    if pending:
        await asyncio.wait(pending, timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description="Run a local Stripe emulator on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=8420)
    parser.add_argument("--webhook-url", default="")
    parser.add_argument("--webhook-secret", default="")
    args = parser.parse_args()
    server = LocalStripe(args.port).start()
    if args.webhook_url:
        server.webhook_register(url=args.webhook_url, secret=args.webhook_secret)
    print(f"localstripe on {server.url}, webhooks to {args.webhook_url or 'nowhere'}", flush=True)
    try:
        server._thread.join()
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
