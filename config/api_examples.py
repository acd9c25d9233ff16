"""Examples of the main operations' bodies in the OpenAPI schema, for the
people who write the apps: a guest registers, signs in, browses, fills a cart,
checks out and reads the order. Keyed by operation id (config/api_operations.py)
then by "request" or the answer's status; `operations_document` puts each under
its body's `examples`. tests/marketplace/test_schema_examples.py validates
every one against its body's schema, so they cannot drift from the contract.
"""

from decimal import Decimal

from marketplace.money import format_money


def _money(amount: str, currency: str, mad: str) -> dict:
    return {
        "amount": amount,
        "currency": currency,
        "mad": mad,
        "formatted": format_money(Decimal(amount), currency, "en"),
    }


EUR_PER_MAD = Decimal("0.0924")


def _eur(mad: str) -> dict:
    return _money(str((Decimal(mad) * EUR_PER_MAD).quantize(Decimal("0.01"))), "EUR", mad)


TOKENS = {"access": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.access", "refresh": "eyJhbGciOiJIUzI1NiJ9.refresh"}
ADDRESS = {
    "name": "Claire Martin",
    "line1": "12 rue des Lilas",
    "line2": "",
    "city": "Lyon",
    "region": "",
    "postal_code": "69003",
    "country": "FR",
    "phone": "+33612345678",
}
ARTISAN = {"slug": "fatima-zahra-safi", "display_name_latin": "Fatima Zahra", "display_name_arabic": "فاطمة الزهراء"}
TAGINE_LINE = {
    "variant": 17,
    "sku": "TAJ-BLUE-30",
    "product": "safi-blue-tagine",
    "title": "Blue Safi tagine",
    "thumbnail": "https://media.souk.example/products/safi-blue-tagine/320.webp",
    "options": {"colour": "blue"},
    "quantity": 2,
    "unit_price": _eur("450.00"),
    "total": _eur("900.00"),
}
DUTY = {"rule": 3, "name": "FR import VAT 20 %", "kind": "vat", "collectable": True, "amount": _eur("216.00")}

CART = {
    "token": "8b0c1d7e-2f4a-4c1b-9a57-3c0f6f1f2a90",
    "currency": "EUR",
    "parcels": [
        {
            "artisan": ARTISAN,
            "lines": [TAGINE_LINE],
            "subtotal": _eur("900.00"),
            "shipping": {"service": "ems", "price": _eur("180.00"), "delivery_days": [6, 9]},
            "duties": [DUTY],
            "insurance": None,
            "ddp_offered": True,
        }
    ],
    "totals": {
        "subtotal": _eur("900.00"),
        "shipping": _eur("180.00"),
        "duties": _eur("216.00"),
        "insurance": _eur("0.00"),
        "total": _eur("1080.00"),
    },
}

ORDER = {
    "number": "SK261207-WK4JHU",
    "status": "awaiting_payment",
    "placed_at": "2026-12-07T10:15:00Z",
    "expires_at": "2026-12-07T10:45:00Z",
    "email": "claire@example.fr",
    "language": "fr",
    "currency": "EUR",
    "exchange_rate": "0.09240000",
    "incoterm": "DAP",
    "shipping_address": ADDRESS,
    "subtotal": _eur("900.00"),
    "shipping_total": _eur("180.00"),
    "duties_total": _eur("216.00"),
    "duties_collected": _eur("0.00"),
    "insurance_total": _eur("0.00"),
    "total": _eur("1080.00"),
    "can_cancel": True,
    "parcels": [
        {
            "id": 311,
            "artisan": {"slug": ARTISAN["slug"], "name": "Fatima Zahra", "name_arabic": "فاطمة الزهراء"},
            "status": "awaiting_payment",
            "shipping_service": {"code": "ems", "name": "EMS", "carrier": "Poste Maroc"},
            "estimated_delivery_days_min": 6,
            "estimated_delivery_days_max": 9,
            "subtotal": _eur("900.00"),
            "shipping": _eur("180.00"),
            "duties": _eur("216.00"),
            "duties_breakdown": [{**DUTY, "collectable": False}],
            "insured": False,
            "insurance_premium": _eur("0.00"),
            "carrier": "",
            "tracking_number": "",
            "tracking_url": "",
            "shipped_at": None,
            "delivered_at": None,
            "lines": [
                {
                    "id": 905,
                    "product": TAGINE_LINE["product"],
                    "title": TAGINE_LINE["title"],
                    "sku": TAGINE_LINE["sku"],
                    "options": {"colour": "blue"},
                    "hs_code": "6912.00",
                    "quantity": 2,
                    "quantity_refunded": 0,
                    "quantity_live": 2,
                    "unit_price": _eur("450.00"),
                    "line_total": _eur("900.00"),
                    "amount_refunded": _eur("0.00"),
                    "made_to_order": False,
                }
            ],
        }
    ],
}

EXAMPLES = {
    "auth_register": {
        "request": {
            "email": "claire@example.fr",
            "password": "tagine-bleu-2026",
            "full_name": "Claire Martin",
            "preferred_language": "fr",
        },
        "201": {
            "user": {
                "id": 42,
                "email": "claire@example.fr",
                "email_verified_at": None,
                "full_name": "Claire Martin",
                "preferred_language": "fr",
                "preferred_currency": "",
                "is_staff": False,
                "date_joined": "2026-12-07T10:00:00Z",
            },
            "tokens": TOKENS,
        },
    },
    "auth_login": {
        "request": {"email": "claire@example.fr", "password": "tagine-bleu-2026"},
        "200": TOKENS,
    },
    "products_list": {
        "200": {
            "currency": "EUR",
            "rate_at": "2026-12-07T06:00:00Z",
            "next": "https://souk.example/api/v1/products/?cursor=cD0yMDI2&currency=EUR",
            "previous": None,
            "results": [
                {
                    "slug": TAGINE_LINE["product"],
                    "title": TAGINE_LINE["title"],
                    "price": _eur("450.00"),
                    "thumbnail": TAGINE_LINE["thumbnail"],
                    "artisan": {**ARTISAN, "cooperative": None},
                    "rating": {"average": "4.80", "count": 12},
                    "region": "marrakech-safi",
                    "in_stock": True,
                    "made_to_order": False,
                    "lead_time_days": None,
                    "handmade_in_morocco": True,
                }
            ],
        }
    },
    "cart_retrieve": {"200": CART},
    "cart_lines_add": {"request": {"variant": 17, "quantity": 2}, "201": CART},
    "checkout_place": {
        "request": {"email": "claire@example.fr", "shipping_address": ADDRESS, "currency": "EUR", "incoterm": "DAP"},
        "201": {
            "order": ORDER,
            "access_token": "q3V9xZ1pT0c8Jm2sYwKf",
            "payment": {
                "provider": "stripe",
                "reference": "pi_3QexampleA1b2C3",
                "status": "requires_payment_method",
                "client_secret": "pi_3QexampleA1b2C3_secret_x9Y8",
                "form": None,
                "publishable_key": "pk_test_51Example",
                "amount": _eur("1080.00"),
                "failure": None,
                "next_action": None,
            },
            "payment_error": None,
        },
    },
    "orders_retrieve": {"200": {**ORDER, "status": "paid", "expires_at": None}},
}
