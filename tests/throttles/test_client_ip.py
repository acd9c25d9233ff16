"""The client's address: from REMOTE_ADDR, or behind NUM_PROXIES trusted
proxies from their end of X-Forwarded-For, never from what the client wrote;
the throttles and the login lockout agree on it."""

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import RequestFactory

from marketplace.client_ip import client_ip

pytestmark = pytest.mark.django_db

LOGIN = "/api/v1/auth/login/"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "6.6.6.6", "10.0.0.1"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
        (2, "203.0.113.7", "203.0.113.7"),  # fewer entries than proxies: DRF's rule
        (1, "6.6.6.6, not-an-address", "10.0.0.1"),
        (1, "", "10.0.0.1"),
        (1, "2001:DB8:0:0::7", "2001:db8::7"),
    ],
)
def test_client_ip_reads_only_the_entries_the_trusted_proxies_wrote(settings, proxies, forwarded, expected):
    settings.NUM_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == expected


def login_statuses(client, count, headers):
    return [
        client.post(LOGIN, {"email": f"guess{n}@example.com", "password": "wrong"}, **headers(n)).status_code
        for n in range(count)
    ]


def test_forty_logins_with_forty_forwarded_for_values_are_throttled_like_forty_without(api_client, rates):
    rates(login_ip="20/day")  # the default count, in a window no test run straddles

    with_header = login_statuses(api_client, 40, headers=lambda n: {"HTTP_X_FORWARDED_FOR": f"198.51.100.{n}"})
    cache.clear()
    without = login_statuses(api_client, 40, headers=lambda n: {})

    assert with_header == without == [401] * 20 + [429] * 20


def login_statuses_from(client, forwarded_values):
    return [
        client.post(LOGIN, {"email": "amina@example.com", "password": "wrong"}, HTTP_X_FORWARDED_FOR=value).status_code
        for value in forwarded_values
    ]


def test_behind_one_proxy_the_address_it_appended_is_the_client(api_client, rates, settings):
    settings.NUM_PROXIES = 1
    rates(login_ip="2/day")

    same_client = login_statuses_from(api_client, ["6.6.6.1, 203.0.113.7", "6.6.6.2, 203.0.113.7", "203.0.113.7"])
    other_client = login_statuses_from(api_client, ["6.6.6.1, 203.0.113.8"])

    assert same_client == [401, 401, 429]
    assert other_client == [401]


def test_the_lockout_records_the_address_the_throttles_count(api_client, settings):
    settings.NUM_PROXIES = 1

    login_statuses_from(api_client, ["6.6.6.1, 203.0.113.7"])

    assert list(AccessAttempt.objects.values_list("ip_address", "username")) == [("203.0.113.7", "amina@example.com")]


def test_an_ipv6_client_is_counted_by_its_slash_64(api_client, rates):
    rates(login_ip="2/day")

    statuses = [
        api_client.post(LOGIN, {"email": "a@example.com", "password": "x"}, REMOTE_ADDR=address).status_code
        for address in ["2001:db8:1:2::1", "2001:db8:1:2::ffff", "2001:db8:1:2:aaaa::3", "2001:db8:1:3::1"]
    ]

    assert statuses == [401, 401, 429, 401]
