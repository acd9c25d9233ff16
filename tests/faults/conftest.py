import pytest

from config.celery import app as celery_app
from tests.flows.test_celery_worker import broker_mode  # noqa: F401  (fixture)
from tests.payments.conftest import local_stripe  # noqa: F401  (fixture)
from tests.redis_server import RedisServer


def celery_broker_point(url: str) -> None:
    """Celery's producers (and a worker started later) use this broker."""
    celery_app.conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def private_redis(tmp_path, settings, broker_mode):  # noqa: F811
    """A Redis of this test's own as the cache and as Celery's broker, which
    the test may stop and start again; tasks go to it, not run in process."""
    server = RedisServer(tmp_path)
    server.start()
    cache = settings.CACHES["default"]
    assert cache["BACKEND"] == "marketplace.cache_backend.RedisCache", "run with REDIS_URL set"
    settings.CACHES = {"default": {**cache, "LOCATION": server.url}}
    previous_broker = celery_app.conf.broker_url
    celery_broker_point(server.url)
    yield server
    server.stop()
    celery_broker_point(previous_broker)
