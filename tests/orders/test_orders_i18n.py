"""Orders speak the recipient's language: the buyer's e-mails in the language
the order was placed in, the artisan's in their preferred language, and the
cart, checkout and fulfilment errors in the language of Accept-Language.
Every assertion on a text reads a string that exists only in the project's
catalogs under locale/."""

import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext

from catalog.models import Variant
from orders import lifecycle
from orders.models import ArtisanOrderStatus as AO
from orders.models import Order
from orders.notifications import order_placed_notify
from tests.factories import ArtisanFactory, ProductFactory
from tests.orders.builders import ADDRESS, order_build, parts

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_language():
    """A request through LocaleMiddleware leaves its language active in this
    thread: put back the one the test started with, for the tests that follow."""
    language = translation.get_language()
    yield
    translation.activate(language)


def error_of(response):
    return response.json()["error"]


def cart_line_add(client, variant, quantity, **headers):
    return client.post("/api/v1/cart/lines/", {"variant": variant.pk, "quantity": quantity}, **headers)


# --- e-mails --------------------------------------------------------------------------------------------------


def test_an_order_placed_in_french_is_confirmed_in_french(api_client, mailoutbox, django_capture_on_commit_callbacks):
    tagine = ProductFactory(variants=[{"sku": "TAJ-1", "price_mad": "300.00", "stock": 3}]).variants.get()
    token = cart_line_add(api_client, tagine, 2).json()["token"]

    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(
            "/api/v1/checkout/",
            {"email": "claire@example.fr", "shipping_address": ADDRESS, "currency": "EUR"},
            format="json",
            HTTP_IDEMPOTENCY_KEY="key-fr-000001",
            HTTP_X_CART_TOKEN=token,
            HTTP_ACCEPT_LANGUAGE="fr",
        )

    assert response.status_code == 201, response.json()
    order = Order.objects.get()
    assert order.language == "fr"
    [message] = mailoutbox
    assert message.to == ["claire@example.fr"]
    assert message.subject == f"Votre commande Souk {order.number}"
    assert f"Merci pour votre commande {order.number}. Chaque artisan prépare et expédie son propre colis." in (
        message.body
    )
    assert "Sous-total :" in message.body and "Livraison :" in message.body
    assert "Suivez ou annulez votre commande ici (toute personne disposant de ce lien peut l'ouvrir) :" in (
        message.body
    )


def test_the_placed_e_mail_of_a_french_order_is_french_whatever_language_is_active(
    mailoutbox, django_capture_on_commit_callbacks
):
    order = order_build(statuses=[AO.AWAITING_PAYMENT], language="fr")

    with translation.override("ar"), django_capture_on_commit_callbacks(execute=True):
        order_placed_notify(order)

    [message] = mailoutbox
    assert message.subject == f"Votre commande Souk {order.number}"
    assert "Total :" in message.body
    assert "Your Souk order" not in message.subject and "طلبيتك" not in message.body


def test_the_shipped_e_mail_of_an_arabic_order_is_in_arabic(mailoutbox, django_capture_on_commit_callbacks):
    order = order_build(statuses=[AO.READY_TO_SHIP, AO.TO_PREPARE], language="ar", email="salma@example.com")
    part, _other = parts(order)

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.artisan_order_advance(
            artisan_order=part, actor=part.artisan.user, to_status=AO.SHIPPED, tracking_number="RR987654321MA"
        )

    [message] = mailoutbox
    assert message.to == ["salma@example.com"]
    assert message.subject == f"تم شحن طرد من طلبيتك رقم {order.number} على منصة سوق"
    assert f"تم شحن هذا الطرد من طلبيتك رقم {order.number} من طرف {part.artisan.display_name_latin}:" in message.body
    assert "شركة النقل: Poste Maroc" in message.body
    assert "رقم التتبع: RR987654321MA" in message.body
    assert "تتبّع الطرد: https://tracking.example/parcels?number=RR987654321MA" in message.body
    assert "طلبيتك: " in message.body


def test_the_artisan_hears_of_a_paid_order_in_spanish(mailoutbox, django_capture_on_commit_callbacks):
    spanish = ArtisanFactory(user__preferred_language="es")
    order = order_build(artisans=[spanish], statuses=[AO.AWAITING_PAYMENT], made_to_order=[True], language="fr")

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.order_mark_paid(order=order)

    [message] = mailoutbox
    assert message.to == [spanish.user.email]
    assert message.subject == f"Nuevo pedido {order.number} por preparar"
    assert f"El pedido {order.number} está pagado. Esto es lo que debe preparar:" in message.body
    assert "[hecho por encargo]" in message.body
    assert "Su subtotal:" in message.body
    assert "Destino: Francia, por Test postal." in message.body


# --- errors in the language of the request ---------------------------------------------------------------------


def test_more_than_the_stock_in_the_cart_is_refused_in_spanish(api_client):
    tagine = ProductFactory(variants=[{"sku": "TAJ-1", "price_mad": "300.00", "stock": 3}]).variants.get()

    response = cart_line_add(api_client, tagine, 4, HTTP_ACCEPT_LANGUAGE="es")

    assert response.status_code == 409
    error = error_of(response)
    assert error["code"] == "out_of_stock"
    assert error["message"] == "Existencias disponibles de TAJ-1: solo 3."
    assert error["fields"] == {"quantity": ["Existencias disponibles: solo 3."]}
    assert response["Content-Language"] == "es"


def test_stock_gone_at_checkout_is_refused_in_spanish(api_client):
    tagine = ProductFactory(variants=[{"sku": "TAJ-1", "price_mad": "300.00", "stock": 3}]).variants.get()
    token = cart_line_add(api_client, tagine, 2).json()["token"]
    Variant.objects.filter(pk=tagine.pk).update(stock=1)

    response = api_client.post(
        "/api/v1/checkout/",
        {"email": "ana@example.es", "shipping_address": ADDRESS, "currency": "EUR"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="key-es-000001",
        HTTP_X_CART_TOKEN=token,
        HTTP_ACCEPT_LANGUAGE="es",
    )

    assert response.status_code == 409
    assert error_of(response)["message"] == "Existencias insuficientes: TAJ-1 (disponibles: 1)."
    assert not Order.objects.exists()


def test_an_empty_cart_cannot_be_checked_out_in_arabic(api_client):
    response = api_client.post(
        "/api/v1/checkout/",
        {"email": "salma@example.com", "shipping_address": ADDRESS},
        format="json",
        HTTP_IDEMPOTENCY_KEY="key-ar-000001",
        HTTP_ACCEPT_LANGUAGE="ar",
    )

    assert response.status_code == 400
    assert error_of(response)["message"] == "سلة التسوق فارغة."
    assert error_of(response)["fields"] == {"cart": ["فارغة."]}


def test_an_illegal_artisan_order_move_is_explained_in_french(client_for, artisan):
    artisan.user.preferred_language = "fr"
    artisan.user.save(update_fields=["preferred_language"])
    [part] = parts(order_build(artisans=[artisan], statuses=[AO.TO_PREPARE]))

    response = client_for(artisan.user).post(
        f"/api/v1/my/orders/{part.pk}/advance/",
        {"to_status": "shipped", "tracking_number": "RR123456789MA"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert response.status_code == 409
    error = error_of(response)
    assert error["code"] == "illegal_transition"
    assert error["message"] == (
        "Action impossible : l'état actuel est « À préparer », qui ne peut pas devenir « Expédiée »."
    )
    part.refresh_from_db()
    assert part.status == AO.TO_PREPARE


def test_a_buyer_cancelling_a_shipped_order_is_answered_in_french(client_for, user):
    order = order_build(buyer=user, statuses=[AO.SHIPPED, AO.TO_PREPARE])

    response = client_for(user).post(f"/api/v1/orders/{order.number}/cancel/", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 409
    assert "« Partiellement expédiée »" in error_of(response)["message"]
    assert "« Annulée »" in error_of(response)["message"]


# --- labels and plurals ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ["À préparer", "En fabrication", "Prête à expédier", "Expédiée", "Livrée", "Annulée"]),
        ("es", ["Por preparar", "En fabricación", "Listo para enviar", "Enviado", "Entregado", "Cancelado"]),
        ("ar", ["بانتظار التجهيز", "قيد الصنع", "جاهزة للشحن", "تم الشحن", "تم التسليم", "ملغاة"]),
    ],
)
def test_artisan_order_states_are_named_in_each_language(language, expected):
    steps = [AO.TO_PREPARE, AO.IN_PRODUCTION, AO.READY_TO_SHIP, AO.SHIPPED, AO.DELIVERED, AO.CANCELLED]

    with translation.override(language):
        assert [str(step.label) for step in steps] == expected
        assert gettext("tracking number") == {"fr": "numéro de suivi", "es": "número de seguimiento",
                                              "ar": "رقم التتبع"}[language]  # fmt: skip


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, "لم يتم تحديث أي طلبية من طلبيات الحرفيين."),
        (1, "تم تحديث طلبية حرفي واحدة."),
        (2, "تم تحديث طلبيتَين من طلبيات الحرفيين."),
        (5, "تم تحديث 5 طلبيات من طلبيات الحرفيين."),
        (11, "تم تحديث 11 طلبيةً من طلبيات الحرفيين."),
        (100, "تم تحديث 100 طلبية من طلبيات الحرفيين."),
    ],
    ids=["zero", "one", "two", "few", "many", "other"],
)
def test_the_artisan_order_count_has_six_arabic_forms(count, expected):
    with translation.override("ar"):
        message = ngettext("%(count)d artisan order updated.", "%(count)d artisan orders updated.", count)

    assert message % {"count": count} == expected
