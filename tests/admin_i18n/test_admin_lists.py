"""Lists worth using (issue 15): the columns that matter first, filters that
offer only the values present, readable ledger accounts with amounts, links
between an order, its artisan orders, refunds and payments, and a bounded
number of queries per list page."""

import re
from datetime import datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from orders.admin_filters import CountriesPresentFilter
from orders.models import Order
from orders.paperwork.admin import ExportDocumentInline
from orders.paperwork.models import ExportDocument
from payments.models import LedgerAccount, Payment, Payout
from tests.admin_i18n.test_admin_translated import page_texts
from tests.factories import ArtisanFactory
from tests.payments.ledger_builders import paid_order

pytestmark = pytest.mark.django_db


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def headers(response) -> list[str]:
    html = response.content.decode()
    table = html[html.index('id="result_list"') :]
    table = table[: table.index("</thead>")]
    return [" ".join(text.split()) for text in re.findall(r"<th[^>]*>(.*?)</th>", table, flags=re.S)]


def column_texts(response) -> list[str]:
    return [re.sub(r"<[^>]+>", "", header).strip() for header in headers(response)]


# --- the filters offer only what is there -----------------------------------------------------------


def _country_choices(response) -> list[str]:
    cl = response.context["cl"]
    spec = next(spec for spec in cl.filter_specs if isinstance(spec, CountriesPresentFilter))
    return [str(choice["display"]) for choice in spec.choices(cl)][1:]  # after "All"


def test_orders_country_filter_lists_only_countries_with_orders(world, admin_client_for):
    Order.objects.filter(pk=world.order.pk).update(shipping_country="FR")
    other = paid_order(artisans=[ArtisanFactory(cooperative=world.cooperative_b)])
    Order.objects.filter(pk=other.order.pk).update(shipping_country="JP")

    as_a = admin_client_for(world.admin_a)
    response = as_a.get("/admin/orders/order/")
    as_staff = admin_client_for(world.superuser).get("/admin/orders/order/")

    assert _country_choices(response) == ["France"]  # not Japan: another cooperative's order
    assert sorted(_country_choices(as_staff)) == ["France", "Japan"]
    chosen = as_a.get("/admin/orders/order/", {"shipping_country": "FR"})
    assert [order.pk for order in chosen.context["cl"].result_list] == [world.order.pk]
    assert list(as_a.get("/admin/orders/order/", {"shipping_country": "JP"}).context["cl"].result_list) == []


def test_artisan_orders_country_filter_names_the_countries_present(world, admin_client_for):
    Order.objects.filter(pk=world.order.pk).update(shipping_country="US")

    response = admin_client_for(world.admin_a).get("/admin/orders/artisanorder/")

    with translation.override("en"):
        assert _country_choices(response) == ["United States of America"]


# --- the columns that matter first --------------------------------------------------------------------


def test_artisan_orders_list_leads_with_status_and_tracking(world, admin_client_for):
    response = admin_client_for(world.admin_a).get("/admin/orders/artisanorder/")

    columns = column_texts(response)
    assert columns.index("Status") <= 2 and columns.index("Tracking number") <= 3, columns


def test_artisans_list_shows_the_status_second(world, admin_client_for):
    response = admin_client_for(world.admin_a).get("/admin/artisans/artisanprofile/")

    assert column_texts(response)[2] == "Verification status"  # after the checkbox and the name


def test_refunds_list_has_no_id_column_and_names_the_artisans(world, admin_client_for):
    response = admin_client_for(world.admin_a).get("/admin/payments/refund/")

    columns = column_texts(response)
    assert not {"Pk", "ID", "Id"} & set(columns), columns
    assert columns[:5] == ["Requested", "Status", "Order", "Artisans", "Requested by"], columns
    html = response.content.decode()
    assert "Atelier Alpha" in html and "Atelier Beta" not in html
    assert f'href="{change_url(world.order)}"' in html  # the order column links to the order


# --- the ledger reads like a ledger ---------------------------------------------------------------------


def test_ledger_accounts_are_named_and_transactions_show_amounts(world, admin_client_for):
    as_staff = admin_client_for(world.superuser)
    account = LedgerAccount.objects.get(artisan=world.artisan_a)

    accounts = as_staff.get("/admin/payments/ledgeraccount/").content.decode()
    transactions = as_staff.get("/admin/payments/ledgertransaction/")
    capture = next(row for row in transactions.context["cl"].result_list if row.kind == "capture")
    entries = as_staff.get(change_url(capture)).content.decode()

    assert str(account) == f"Artisan: Atelier Alpha ({world.artisan_a.city})"
    assert f'">Artisan: Atelier Alpha ({world.artisan_a.city})</a></th>' in accounts  # the row's name
    assert "Artisan: Atelier Alpha" in entries and f">{account.code}<" not in entries
    assert "Amount (MAD)" in column_texts(transactions)
    assert capture.moved == world.payment.amount_mad  # what the capture moved: the whole payment
    with translation.override("fr"):
        described = transactions.context["cl"].model_admin.description(capture)
    assert described == f"Paiement encaissé, commande {world.order.number}"


# --- links between related rows ---------------------------------------------------------------------------


def test_an_order_links_its_parcels_refunds_and_for_staff_its_payment(world, admin_client_for):
    as_a = admin_client_for(world.admin_a).get(change_url(world.order)).content.decode()
    as_staff = admin_client_for(world.superuser).get(change_url(world.order)).content.decode()
    payment = Payment.objects.get(order=world.order)

    assert f'href="{change_url(world.part_a)}"' in as_a
    assert f'href="{change_url(world.refund_a)}"' in as_a
    assert change_url(payment) not in as_a  # payments are the platform's
    assert f'href="{change_url(payment)}"' in as_staff


def test_an_artisan_order_links_its_order_and_refunds(world, admin_client_for):
    client = admin_client_for(world.admin_a)

    part_a = client.get(change_url(world.part_a)).content.decode()
    refund = client.get(change_url(world.refund_a)).content.decode()

    assert f'href="{change_url(world.order)}"' in part_a
    assert f'href="{change_url(world.refund_a)}"' in part_a
    assert f'href="{change_url(world.part_a)}"' in refund  # its item's parcel


def test_documents_table_shortens_the_digest_and_the_error():
    document = ExportDocument(sha256="ab" * 32, error="The renderer gave up: " + "x" * 200)
    inline = ExportDocumentInline(ExportDocument, admin.site)

    digest, error = str(inline.digest(document)), str(inline.error_shown(document))

    assert ">abababababab…<" in digest and f'title="{"ab" * 32}"' in digest
    assert len(page_texts(error).body[0]) == 61


# --- dates in the reader's order ---------------------------------------------------------------------------


def test_arabic_dates_and_times_read_day_month_year():
    moment = datetime(2026, 3, 9, 14, 5)

    with translation.override("ar"):
        assert date_format(moment, "DATETIME_FORMAT") == "9 مارس، 2026، 14:05"
        assert date_format(moment, "SHORT_DATETIME_FORMAT") == "09\u200f/03\u200f/2026 14:05"
    with translation.override("fr"):
        assert date_format(moment, "DATETIME_FORMAT") == "9 mars 2026 14:05"


def test_payouts_and_payments_are_named_apart():
    names = {}
    for language in ("ar", "fr"):
        with translation.override(language):
            names[language] = (str(Payout._meta.verbose_name_plural), str(Payment._meta.verbose_name_plural))

    assert names["ar"] == ("تحويلات الحرفيين", "مدفوعات المشترين")
    assert names["fr"] == ("versements aux artisans", "paiements des acheteurs")


def test_django_select_filter_buttons_are_translated_in_arabic(world, admin_client_for):
    world.admin_a.preferred_language = "ar"
    world.admin_a.save(update_fields=["preferred_language"])

    catalog = admin_client_for(world.admin_a).get(reverse("admin:jsi18n")).content.decode()

    assert "\\u0627\\u062e\\u062a\\u064a\\u0627\\u0631 \\u0643\\u0644 %s" in catalog or "اختيار كل %s" in catalog
    assert "إزالة كل %s" in catalog or "\\u0625\\u0632\\u0627\\u0644\\u0629 \\u0643\\u0644 %s" in catalog


# --- bounded queries ------------------------------------------------------------------------------------------


LISTS = ["/admin/orders/order/", "/admin/orders/artisanorder/", "/admin/payments/refund/", "/admin/payments/payout/",
         "/admin/artisans/artisanprofile/", "/admin/catalog/product/", "/admin/returns/returnrequest/"]  # fmt: skip


@pytest.mark.parametrize("url", LISTS)
def test_cooperative_admin_lists_take_a_bounded_number_of_queries(world, admin_client_for, url):
    client = admin_client_for(world.admin_a)
    client.get(url)  # the session and the content types warm
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _more in range(3):
        paid_order(artisans=[world.artisan_a])
    with CaptureQueriesContext(connection) as more:
        assert client.get(url).status_code == 200

    assert len(more) == len(few), url  # not one query more per row


@pytest.mark.parametrize(
    "url, most",
    [("/admin/orders/order/", 20), ("/admin/orders/artisanorder/", 20), ("/admin/payments/refund/", 20),
     ("/admin/payments/payout/", 20), ("/admin/payments/ledgertransaction/", 20)],
)  # fmt: skip
def test_list_pages_stay_under_their_query_budget(world, admin_client_for, django_assert_max_num_queries, url, most):
    user = world.superuser if "ledger" in url else world.admin_a
    client = admin_client_for(user)
    client.get(url)
    with django_assert_max_num_queries(most):
        assert client.get(url).status_code == 200
