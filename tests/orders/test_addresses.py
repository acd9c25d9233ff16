"""Shipping addresses: postal codes per country, phone numbers in E.164, and
the serializer the checkout uses."""

import pytest
from django.core.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from orders.addresses import (
    POSTAL_CODE_EXAMPLES,
    POSTAL_CODE_PATTERNS,
    ShippingAddressSerializer,
    phone_normalise,
    postal_code_normalise,
)

VALID = [
    ("US", "20500", "20500"),
    ("US", "20500-0003", "20500-0003"),
    ("US", "205000003", "20500-0003"),
    ("US", " 20500 0003 ", "20500-0003"),
    ("FR", "75001", "75001"),
    ("FR", "20000", "20000"),  # Corsica
    ("FR", "97400", "97400"),
    ("ES", "28013", "28013"),
    ("ES", "01001", "01001"),
    ("ES", "52001", "52001"),  # Melilla
    ("GB", "SW1A 1AA", "SW1A 1AA"),
    ("GB", "sw1a1aa", "SW1A 1AA"),
    ("GB", "  ec1a   1bb ", "EC1A 1BB"),
    ("GB", "M1 1AE", "M1 1AE"),
    ("GB", "B338TH", "B33 8TH"),
    ("GB", "CR2 6XH", "CR2 6XH"),
    ("GB", "DN55 1PT", "DN55 1PT"),
    ("GB", "W1A 0AX", "W1A 0AX"),
    ("GB", "gir0aa", "GIR 0AA"),
    ("CA", "K1A 0B1", "K1A 0B1"),
    ("CA", "h2x1y4", "H2X 1Y4"),
    ("DE", "10115", "10115"),
    ("DE", "01067", "01067"),
    ("IT", "00184", "00184"),
    ("IT", "20121", "20121"),
    ("NL", "1012 AB", "1012 AB"),
    ("NL", "1012ab", "1012 AB"),
    ("BE", "1000", "1000"),
    ("BE", "9000", "9000"),
    ("MA", "30000", "30000"),
    ("MA", "10020", "10020"),
    ("PT", "1100148", "1100-148"),
    ("LU", "L-1009", "1009"),
    ("IE", "d02x285", "D02 X285"),
    ("IE", "", ""),
    ("JP", "100-0001", "100-0001"),  # no pattern: kept, upper-cased
    ("AE", "", ""),
]

INVALID = [
    ("US", "2050"),
    ("US", "205001"),
    ("US", "20500-003"),
    ("US", "ABCDE"),
    ("FR", "7500"),
    ("FR", "00100"),
    ("FR", "99000"),
    ("FR", "75 0011"),
    ("ES", "53001"),
    ("ES", "00123"),
    ("ES", "2801"),
    ("GB", "SW1A"),
    ("GB", "QW1A 1AA"),  # Q never starts a postcode
    ("GB", "SW1A 1AI"),  # I never ends one
    ("GB", "12345"),
    ("CA", "D1A 0B1"),  # D is not used
    ("CA", "K1A0B"),
    ("DE", "00123"),
    ("DE", "1011"),
    ("IT", "0018"),
    ("IT", "001845"),
    ("NL", "0123 AB"),
    ("NL", "1012 SS"),
    ("NL", "1012"),
    ("BE", "0999"),
    ("BE", "10000"),
    ("MA", "03000"),
    ("MA", "3000"),
    ("MA", "300000"),
]


@pytest.mark.parametrize(("country", "code", "normalised"), VALID)
def test_valid_postal_codes_are_normalised(country, code, normalised):
    assert postal_code_normalise(country, code) == normalised


@pytest.mark.parametrize(("country", "code"), INVALID)
def test_invalid_postal_codes_are_refused(country, code):
    with pytest.raises(ValidationError) as caught:
        postal_code_normalise(country, code)
    assert caught.value.code == "invalid_postal_code"
    assert POSTAL_CODE_EXAMPLES[country].split(",")[0] in caught.value.messages[0]


@pytest.mark.parametrize("country", ["US", "FR", "ES", "GB", "CA", "DE", "IT", "NL", "BE", "MA"])
def test_the_ten_countries_have_a_pattern_a_valid_and_an_invalid_example(country):
    assert country in POSTAL_CODE_PATTERNS
    assert any(valid[0] == country for valid in VALID)
    assert any(invalid[0] == country for invalid in INVALID)
    example = POSTAL_CODE_EXAMPLES[country].split(",")[0]
    assert postal_code_normalise(country, example) == example


@pytest.mark.parametrize("country", ["FR", "GB", "US"])
def test_a_postal_code_is_required_where_the_post_uses_them(country):
    with pytest.raises(ValidationError) as caught:
        postal_code_normalise(country, "  ")
    assert caught.value.code == "required"


# --- phones --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phone", "country", "e164"),
    [("+33 6 12 34 56 78", "FR", "+33612345678"),
     ("+33 6 12 34 56 78", "US", "+33612345678"),  # international prefix: the country does not matter
     ("06 12 34 56 78", "FR", "+33612345678"),
     ("06.12.34.56.78", "fr", "+33612345678"),
     ("0612345678", "MA", "+212612345678"),
     ("(202) 555-0143", "US", "+12025550143"),
     ("0033 6 12 34 56 78", "FR", "+33612345678"),
     ("612 34 56 78", "ES", "+34612345678")],
)  # fmt: skip
def test_phones_are_normalised_to_e164(phone, country, e164):
    assert phone_normalise(phone, country) == e164


@pytest.mark.parametrize(
    ("phone", "country"),
    [("12", "FR"), ("06 12 34", "FR"), ("not a phone", "FR"), ("", "FR"), ("+33 1", "US"), ("06 12 34 56 78", "")],
)
def test_invalid_phones_are_refused(phone, country):
    with pytest.raises(ValidationError) as caught:
        phone_normalise(phone, country)
    assert caught.value.code == "invalid_phone"


# --- serializer ----------------------------------------------------------------------------

ADDRESS = {
    "name": "Claire Martin",
    "line1": "12 rue de la République",
    "city": "Lyon",
    "postal_code": "69002",
    "country": "FR",
    "phone": "06 12 34 56 78",
}


def test_the_serializer_returns_a_normalised_address():
    serializer = ShippingAddressSerializer(data={**ADDRESS, "country": "GB", "postal_code": "sw1a1aa",
                                                 "phone": "+44 20 7946 0018", "city": "London"})  # fmt: skip
    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data == {
        "name": "Claire Martin",
        "line1": "12 rue de la République",
        "line2": "",
        "city": "London",
        "region": "",
        "postal_code": "SW1A 1AA",
        "country": "GB",
        "phone": "+442079460018",
    }


def test_the_serializer_reports_postal_code_and_phone_together():
    serializer = ShippingAddressSerializer(data={**ADDRESS, "postal_code": "6900", "phone": "12"})
    assert not serializer.is_valid()
    assert set(serializer.errors) == {"postal_code", "phone"}


@pytest.mark.parametrize("field", ["name", "line1", "city", "country", "phone"])
def test_the_serializer_requires_the_essentials(field):
    serializer = ShippingAddressSerializer(data={name: value for name, value in ADDRESS.items() if name != field})
    assert not serializer.is_valid()
    assert field in serializer.errors


def test_the_serializer_refuses_fields_it_does_not_know():
    serializer = ShippingAddressSerializer(data={**ADDRESS, "vat_number": "FR123"})
    assert not serializer.is_valid()
    assert "vat_number" in serializer.errors


class AddressView(APIView):
    """The serializer behind an API view, with the project's error shape."""

    authentication_classes = []
    permission_classes = []

    def post(self, request):
        serializer = ShippingAddressSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(serializer.validated_data)


def _post(data):
    request = APIRequestFactory().post("/address/", data, format="json")
    response = AddressView.as_view()(request)
    response.render()
    return response


def test_an_unknown_country_is_a_400_naming_country():
    response = _post({**ADDRESS, "country": "XX"})
    assert response.status_code == 400
    assert list(response.data["error"]["fields"]) == ["country"]


def test_a_valid_address_through_the_api():
    response = _post(ADDRESS)
    assert response.status_code == 200
    assert response.data["postal_code"] == "69002" and response.data["phone"] == "+33612345678"
