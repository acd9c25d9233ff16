"""Every operation of the OpenAPI schema, fuzzed with schemathesis: requests
generated from the schema (ones that follow it and ones that break it) go in
process to Django's WSGI application, as a signed-in buyer, as a signed-in
artisan and as a guest; no answer may be a server error, and every error
answer must be JSON in the API's error shape ({"error": {"code", "message",
"fields"}}).

The database holds a little of everything, made once for the module: products
of two artisans, the buyer's cart, a guest cart, orders to pay, to prepare and
shipped, delivered. Generated path parameters, query values, headers and body
fields are often swapped for the ids, slugs, numbers and tokens of those rows,
so that requests get past the views' lookups into their code.

No operation is skipped: the ones that reach Stripe (checkout, an order's
payment) talk to the local emulator every test uses (tests/conftest.py). No
export document is rendered here (WeasyPrint takes too long for this budget):
their list and download answer empty lists and 404s.

Reproducible: Hypothesis is derandomized, with no example database; a failure
prints the request as a curl command (base URL http://localhost). Only the
fuzzing phase runs (EXAMPLES_PER_OPERATION requests per operation and
identity): schemathesis' coverage phase sends every boundary case of every
field, unbounded by max_examples (over 1,000 requests for the checkout alone),
which is a run by hand, not one for every `make test`."""

import contextlib
import io
import json
import os

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, transaction
from django.test import override_settings
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig

from marketplace.api.authentication import token_pair_for
from orders import carts
from orders.carts import CART_TOKEN_HEADER
from orders.models import ArtisanOrderStatus as AO
from tests.factories import ArtisanFactory, ProductFactory, UserFactory
from tests.orders.builders import ADDRESS, order_build
from tests.rollback import rolled_back

pytestmark = pytest.mark.django_db

MD5_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"  # as tests/conftest.py's _isolated


# Per operation and identity (67 operations x 3 identities: ~45 s here on 2 CPUs);
# FUZZ_EXAMPLES=150 for a deeper run by hand (~6 minutes).
EXAMPLES_PER_OPERATION = int(os.environ.get("FUZZ_EXAMPLES", "15"))
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    database=None,
    # Fixtures are module- and function-scoped on purpose; generation from big
    # schemas is slow and filters a lot.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)


def _openapi_document() -> dict:
    """The schema /api/schema/ serves, built at collection (no request, no
    database). The generator's warnings are test_api_schema.py's business: kept
    off the terminal here, where every test run collects this module."""
    with contextlib.redirect_stderr(io.StringIO()):
        generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


# Ids, slugs, numbers and tokens of the rows marketplace_rows made for the running test.
KNOWN_VALUES: dict[str, list] = {}

_django_application = WSGIHandler()  # as gunicorn runs it (config/wsgi.py)


def _application(environ, start_response):
    """Each request in a savepoint rolled back after it: every example meets the
    rows marketplace_rows made, and what one request does to the connection (a
    failed query, DRF's set_rollback in a view without ATOMIC_REQUESTS) ends with
    it, as it does on a server where each request has its own transaction."""
    cache.clear()  # the auth throttle's counts and the catalog's cached bodies
    with rolled_back():
        response = _django_application(environ, start_response)
    return response


schema = schemathesis.openapi.from_dict(
    _openapi_document(),
    config=SchemathesisConfig.from_dict({"seed": 20260101, "phases": {"coverage": {"enabled": False}}}),
)
schema.app = _application


def _sometimes_known(values):
    """Each generated value, or often instead one naming a row that exists, so
    that requests get past the views' lookups into their code."""
    if not isinstance(values, dict) or not values:
        return st.just(values)
    return st.fixed_dictionaries(
        {name: st.sampled_from([value, *KNOWN_VALUES.get(name, ())]) for name, value in values.items()}
    )


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    return _sometimes_known(path_parameters)


@schema.hook
def flatmap_query(context, query):
    return _sometimes_known(query)


@schema.hook
def flatmap_headers(context, headers):
    # A header's value is text: a known id goes as its digits (an int would
    # stop the request in the client, before it reaches the application).
    return _sometimes_known(headers).map(
        lambda values: {name: str(value) for name, value in values.items()} if isinstance(values, dict) else values
    )


@schema.hook
def flatmap_body(context, body):
    return _sometimes_known(body)


@pytest.fixture(autouse=True)
def _connection_kept_across_requests():
    """Django's WSGI handler closes the database connection after each request;
    the test's transaction lives on it, so (as Django's test client does) not here."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _marketplace_rows() -> dict:
    """A buyer with a cart and three orders (to pay, to prepare and shipped,
    delivered), an artisan whose products and parcels they are, a guest cart;
    the JWTs of the buyer and the artisan; the values that name those rows in
    paths, queries, headers and bodies."""
    buyer = UserFactory()
    artisan = ArtisanFactory()
    products = [ProductFactory(artisan=artisan), ProductFactory(), ProductFactory(artisan=artisan, made_to_order=True)]
    variants = [product.variants.get() for product in products]
    cart = carts.cart_get(user=buyer, token=None, create=True)
    for variant in variants[:2]:
        carts.cart_line_set(cart=cart, variant_id=variant.pk, quantity=1)
    guest_cart = carts.cart_get(user=None, token=None, create=True)
    carts.cart_line_set(cart=guest_cart, variant_id=variants[2].pk, quantity=2)
    orders = [
        order_build(buyer=buyer, artisans=[artisan], statuses=[AO.AWAITING_PAYMENT]),
        order_build(buyer=buyer, artisans=[artisan, ArtisanFactory()], statuses=[AO.TO_PREPARE, AO.SHIPPED]),
        order_build(buyer=buyer, artisans=[artisan], statuses=[AO.DELIVERED]),
    ]
    parts = [part for order in orders for part in order.artisan_orders.all()]
    lines = [line for part in parts for line in part.lines.all()]
    artisans = {product.artisan for product in products}
    variant_ids = [variant.pk for variant in variants]
    known = {
        "slug": [product.slug for product in products]
        + [artisan.slug for artisan in artisans]
        + [artisan.cooperative.slug for artisan in artisans],
        "number": [order.number for order in orders],
        "id": [part.pk for part in parts] + [product.pk for product in products] + variant_ids,
        "product_id": [product.pk for product in products],
        "variant_id": variant_ids,
        "line_id": [line.pk for line in lines],
        "token": [order.access_token for order in orders],
        CART_TOKEN_HEADER: [str(guest_cart.token)],
        # Body fields: what the cart, favourites and checkout need to go further than a 400.
        "variant": variant_ids,
        "product": [product.slug for product in products],
        "shipping_address": [ADDRESS],
        "email": ["claire@example.fr"],
    }
    tokens = {name: token_pair_for(user)["access"] for name, user in (("buyer", buyer), ("artisan", artisan.user))}
    return {"known": known, "tokens": tokens}


@pytest.fixture(scope="module")
def marketplace_rows(django_db_setup, django_db_blocker):
    """Made once for the module, in a transaction rolled back after its last
    test (as TestCase.setUpTestData does): each test's own transaction, and
    each request's savepoint, nest inside it."""
    module_transaction = transaction.atomic()
    module_transaction._from_testcase = True  # a test's own block, as TestCase.setUpTestData's is
    with django_db_blocker.unblock():
        module_transaction.__enter__()
    try:
        with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=[MD5_HASHER]):
            rows = _marketplace_rows()
        KNOWN_VALUES.update(rows["known"])
        yield rows
    finally:
        KNOWN_VALUES.clear()
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            module_transaction.__exit__(None, None, None)


@pytest.fixture(params=["buyer", "artisan", "guest"])
def fuzz_headers(request, marketplace_rows):
    """What every request carries: the JWT of the buyer or of the artisan, or nothing (a guest)."""
    if request.param == "guest":
        return {}
    return {"Authorization": f"Bearer {marketplace_rows['tokens'][request.param]}"}


@schemathesis.check
def error_is_json_in_the_error_shape(ctx, response, case):
    """4xx and 5xx answers are JSON: {"error": {"code": ..., "message": ..., "fields": {...}}}."""
    if response.status_code < 400:
        return None
    content_type = (response.headers.get("content-type") or [""])[0]
    if not content_type.startswith("application/json"):
        raise AssertionError(f"{response.status_code} answered with Content-Type {content_type!r}, not JSON")
    try:
        body = json.loads(response.content)
    except ValueError as error:
        raise AssertionError(f"{response.status_code} answered with a body that is not JSON: {error}") from None
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict) or not {"code", "message", "fields"} <= set(error):
        raise AssertionError(f"{response.status_code} answered outside the error shape: {body!r}")
    return None


CHECKS = [schemathesis.checks.not_a_server_error, error_is_json_in_the_error_shape]


@schema.parametrize()
@FUZZ_SETTINGS
def test_no_operation_answers_a_server_error_or_a_non_json_error(case, fuzz_headers):
    case.call_and_validate(headers=fuzz_headers, checks=CHECKS)
