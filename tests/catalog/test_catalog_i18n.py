"""The catalog speaks the buyer's (and the artisan's, and the reviewer's)
language: category names from the database, and every message, state label
and admin action from the project's catalogs under locale/. Each assertion on
a message reads a string that exists only in those catalogs."""

import pytest
from django.utils import translation

from tests.factories import ProductFactory

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


def test_categories_and_their_errors_are_in_arabic(api_client):
    rows = api_client.get("/api/v1/categories/", HTTP_ACCEPT_LANGUAGE="ar").json()
    unknown = api_client.get("/api/v1/products/?category=spaceships", HTTP_ACCEPT_LANGUAGE="ar")

    tagines = next(row for row in rows if row["slug"] == "tagines-tableware")
    assert tagines["name"] == "الطواجين وأواني المائدة"  # seeded by migration
    assert unknown.status_code == 400
    assert error_of(unknown)["fields"] == {"category": ["فئة غير معروفة."]}
    assert unknown["Content-Language"] == "ar"


def test_unsupported_currency_is_refused_in_french(api_client):
    response = api_client.get("/api/v1/products/?currency=XYZ", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 400
    [message] = error_of(response)["fields"]["currency"]
    assert message.startswith("« XYZ » n'est pas une devise prise en charge. Choisissez parmi : ")
    assert "MAD" in message
    assert response["Content-Language"] == "fr"


def test_illegal_product_transition_names_the_spanish_states(client_for, artisan):
    product = ProductFactory(artisan=artisan)  # active: on sale already

    response = client_for(artisan.user).post(f"/api/v1/my/products/{product.pk}/submit/", HTTP_ACCEPT_LANGUAGE="es")

    assert response.status_code == 409
    assert error_of(response)["message"] == (
        "No permitido: el estado actual es «Activo», que no puede pasar a «En revisión»."
    )


def test_artisan_without_variants_is_told_in_french(client_for, artisan):
    product = ProductFactory(artisan=artisan, status="draft", variants=[])

    response = client_for(artisan.user).post(f"/api/v1/my/products/{product.pk}/submit/", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 400
    assert error_of(response)["message"] == (
        "Ajoutez au moins une variante avec un prix avant de soumettre le produit."
    )


def test_product_changelist_in_arabic_offers_the_translated_actions(client, artisan, cooperative_admin):
    ProductFactory(artisan=artisan, status="in_review")
    cooperative_admin.preferred_language = "ar"
    cooperative_admin.save(update_fields=["preferred_language"])
    client.force_login(cooperative_admin)

    response = client.get("/admin/catalog/product/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'dir="rtl"' in html
    assert "الموافقة على المنتجات المحددة (وعرضها للبيع)" in html  # the "approve" action
    assert "منح علامة «صنع يدوي في المغرب»" in html
    assert "قيد المراجعة" in html  # the product's status
    assert "Approve the selected products" not in html
