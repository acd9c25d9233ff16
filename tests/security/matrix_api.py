"""The API half of the permission matrix: what each role gets from each URL
pattern and method (tests/security/test_permission_matrix.py runs it).

Outcomes:
- OK: the role may use it: any answer but 401, 403, 404 or a server error
  (a 400 for the empty or minimal body an unsafe method is sent counts: the
  request got past every permission and scope check into validation);
- 401, 403, 404: refused that way (404: hidden by scope, the row is not theirs);
- REFUSED: 403 or 404, either way;
- a frozenset of status codes: exactly one of those.

Requests carry the role's JWT (the deactivated user's was issued before they
were switched off); anonymous sends none.
"""

from dataclasses import dataclass

from orders.satisfaction import satisfaction_token
from tests.security.matrix_world import ROLES

OK = "ok"
REFUSED = "refused"

ARTISANS = ("artisan", "other_artisan", "pending_artisan", "suspended_artisan")
NON_ARTISANS = ("buyer", "other_buyer", "cooperative_admin", "other_cooperative_admin", "staff", "superuser")


def everyone(outcome=OK, *, anonymous=None, deactivated=401, **roles) -> dict:
    """`outcome` for every role; anonymous the same unless said; the
    deactivated user's token refused (401) unless said."""
    table = dict.fromkeys(ROLES, outcome)
    table["anonymous"] = outcome if anonymous is None else anonymous
    table["deactivated"] = deactivated
    table.update(roles)
    return table


def public(*, authenticates=True) -> dict:
    """Anybody; a view that reads no credentials (`authenticates=False`: the
    sign-in views, the QR-code check) lets the deactivated user's token through unread."""
    return everyone(OK) if authenticates else everyone(OK, deactivated=OK)


def signed_in() -> dict:
    return everyone(OK, anonymous=401)


def only(*allowed, others=404, anonymous=401, **roles) -> dict:
    """The roles named are OK; every other signed-in role gets `others`
    (unless named in `roles`)."""
    table = everyone(others, anonymous=anonymous, **dict.fromkeys(allowed, OK))
    table.update(roles)
    return table


def artisans_only(*, non_artisans=403) -> dict:
    """Any artisan's own data (their balance, their stock): other users are not artisans."""
    return everyone(OK, anonymous=401, **dict.fromkeys(NON_ARTISANS, non_artisans))


@dataclass(frozen=True)
class Row:
    expected: dict  # role -> outcome
    body: object = None  # JSON body of an unsafe method ({} when None)
    query: str = ""


NOT_API = {
    # Patterns outside the matrix (by name, or by the start of an unnamed one's route), and why.
    "set_language": "i18n/setlang/: Django's language switch, no data behind it",
    "^media/": "media files, served by the web server (only DEBUG serves them here)",
    "^api/": "the JSON 404 for anything else under /api/",
    "readyz": "the readiness probe: public, reads no user (tests/marketplace/test_readiness.py)",
}

# Path parameters per URL name, from the world's rows.
PATH = {
    "cmi-return": lambda w: {"outcome": "ok"},
    "artisan-detail": lambda w: {"slug": w.artisan_profile.slug},
    "cooperative-detail": lambda w: {"slug": w.cooperative_a.slug},
    "analytics-export-table": lambda w: {"table": "category"},
    "managed-artisan-detail": lambda w: {"pk": w.pending_profile.pk},
    "managed-artisan-verify": lambda w: {"pk": w.pending_profile.pk},
    "managed-artisan-reject": lambda w: {"pk": w.pending_profile.pk},
    "managed-artisan-suspend": lambda w: {"pk": w.pending_profile.pk},
    "managed-artisan-reinstate": lambda w: {"pk": w.pending_profile.pk},
    "product-detail": lambda w: {"slug": w.product.slug},
    "product-reviews": lambda w: {"slug": w.product.slug},
    "favourite-detail": lambda w: {"slug": w.product.slug},
    "my-product-photos": lambda w: {"product_id": w.product.pk},
    "my-product-photo-detail": lambda w: {"product_id": w.product.pk, "pk": w.photo.pk},
    "my-product-detail": lambda w: {"pk": w.draft.pk},
    "my-product-archive": lambda w: {"pk": w.draft.pk},
    "my-product-submit": lambda w: {"pk": w.draft.pk},
    "my-product-variant-list": lambda w: {"product_id": w.product.pk},
    "my-product-variant-detail": lambda w: {"product_id": w.product.pk, "pk": w.variant.pk},
    "cart-line-detail": lambda w: {"variant_id": w.other_variant.pk},
    "saved-address-detail": lambda w: {"pk": w.saved_address.pk},
    "order-detail": lambda w: {"number": w.mixed_order.number},
    "order-cancel": lambda w: {"number": w.mixed_order.number},
    "order-payment": lambda w: {"number": w.mixed_order.number},
    "order-line-review": lambda w: {"number": w.mixed_order.number, "line_id": w.line_a.pk},
    "my-order-detail": lambda w: {"pk": w.parcel_a.pk},
    "my-order-advance": lambda w: {"pk": w.parcel_a.pk},
    "my-order-parcel": lambda w: {"pk": w.parcel_a.pk},
    "my-order-refunds": lambda w: {"pk": w.parcel_a.pk},
    "paperwork-document-list": lambda w: {"pk": w.parcel_a.pk},
    "paperwork-document-download": lambda w: {"pk": w.parcel_a.pk, "document_id": w.document_a.pk},
    "paperwork-verify": lambda w: {"token": w.document_a.verification_token},
    "satisfaction-answer": lambda w: {"token": satisfaction_token(w.alone_parcel_a)},
    "parcel-satisfaction": lambda w: {"number": w.mixed_order.number, "parcel_id": w.parcel_a.pk},
    "my-payout-detail": lambda w: {"pk": w.payout_a.pk},
    "order-line-return": lambda w: {
        "number": w.returnable_order.number,
        "line_id": w.returnable_order.artisan_orders.get().lines.get().pk,
    },
    "return-detail": lambda w: {"pk": w.return_a.pk},
    "return-photo": lambda w: {"pk": w.return_a.pk, "photo_id": w.return_a.photos.get().pk},
    "managed-return-detail": lambda w: {"pk": w.return_a.pk},
    "managed-return-decide": lambda w: {"pk": w.return_a.pk},
}

# Who may read an artisan order's export documents (orders/paperwork/selectors.py):
# its artisan, an admin of the artisan's cooperative, a superuser; its buyer the invoice.
PAPERWORK_READERS = only("artisan", "cooperative_admin", "superuser", "buyer", anonymous=404)

# Methods of function views (their decorators say which; nothing to introspect).
FUNCTION_VIEW_METHODS = {
    "home": ["GET"],
    "healthz": ["GET"],
    "metrics": ["GET"],
    "stripe-webhook": ["POST"],
    "cmi-callback": ["POST"],
    "cmi-return": ["GET", "POST"],
}

API = {
    # Plain Django views: no JWT authentication, the same answer for everyone.
    ("home", "GET"): Row(everyone(frozenset({200}), deactivated=frozenset({200}))),
    ("healthz", "GET"): Row(everyone(frozenset({200, 503}), deactivated=frozenset({200, 503}))),
    # By address or token, whoever the user is: the test client is 127.0.0.1, allowed by default.
    ("metrics", "GET"): Row(everyone(frozenset({200}), deactivated=frozenset({200}))),
    ("stripe-webhook", "POST"): Row(everyone(frozenset({400}), deactivated=frozenset({400}))),
    # CMI's callback: an unsigned body is refused with the protocol's FAILURE.
    ("cmi-callback", "POST"): Row(everyone(frozenset({400}), deactivated=frozenset({400}))),
    # The buyer's browser back from CMI's page: a message, nothing read or written.
    ("cmi-return", "GET"): Row(everyone(frozenset({200}), deactivated=frozenset({200}))),
    ("cmi-return", "POST"): Row(everyone(frozenset({200}), deactivated=frozenset({200}))),
    ("rest_framework:login", "GET"): Row(everyone(OK, deactivated=OK)),
    ("rest_framework:login", "POST"): Row(everyone(OK, deactivated=OK)),
    ("rest_framework:login", "PUT"): Row(everyone(OK, deactivated=OK)),
    ("rest_framework:logout", "POST"): Row(everyone(OK, deactivated=OK)),
    # Public reads and the ways in.
    ("api-root", "GET"): Row(public()),
    ("schema", "GET"): Row(public()),
    ("api-docs", "GET"): Row(public()),
    ("api-redoc", "GET"): Row(public()),
    ("auth-register", "POST"): Row(public(authenticates=False)),
    ("auth-login", "POST"): Row(public(authenticates=False)),
    ("auth-refresh", "POST"): Row(public(authenticates=False)),
    ("auth-logout", "POST"): Row(public()),
    # The e-mailed links are the credential (marketplace/accounts.py): no sign-in read.
    ("auth-password-reset", "POST"): Row(public(authenticates=False)),
    ("auth-password-reset-confirm", "POST"): Row(public(authenticates=False)),
    ("auth-email-verify", "POST"): Row(public(authenticates=False)),
    ("artisan-list", "GET"): Row(public()),
    ("artisan-detail", "GET"): Row(public()),
    ("cooperative-list", "GET"): Row(public()),
    ("cooperative-detail", "GET"): Row(public()),
    ("product-list", "GET"): Row(public()),
    ("product-detail", "GET"): Row(public()),
    ("product-reviews", "GET"): Row(public()),
    ("category-list", "GET"): Row(public()),
    ("paperwork-verify", "GET"): Row(public(authenticates=False)),
    # Carts and checkout: each client's own cart (404: they have no such line), guests too.
    ("cart", "GET"): Row(public()),
    ("cart-lines", "POST"): Row(public()),
    ("cart-line-detail", "PATCH"): Row(everyone(frozenset({200, 400, 404}), buyer=OK), body={"quantity": 2}),
    ("cart-line-detail", "DELETE"): Row(everyone(frozenset({204, 404}), buyer=OK)),
    ("checkout", "POST"): Row(public()),
    # The signed-in user's own things.
    ("me", "GET"): Row(signed_in()),
    ("me", "PATCH"): Row(signed_in()),
    ("auth-password-change", "POST"): Row(signed_in()),
    ("auth-email-verify-send", "POST"): Row(signed_in()),
    # A person's saved addresses, data export and deletion (the world's buyer would be
    # deleted by a valid body: the empty one asks for the password, a 400).
    ("saved-address-list", "GET"): Row(signed_in()),
    ("saved-address-list", "POST"): Row(signed_in()),
    ("saved-address-detail", "GET"): Row(only("buyer")),
    ("saved-address-detail", "PUT"): Row(only("buyer")),
    ("saved-address-detail", "PATCH"): Row(only("buyer")),
    ("saved-address-detail", "DELETE"): Row(only("buyer")),
    ("account-export", "GET"): Row(signed_in()),
    ("account-delete", "POST"): Row(signed_in()),
    ("artisan-list", "POST"): Row(signed_in()),
    ("favourite-list", "GET"): Row(signed_in()),
    ("favourite-list", "POST"): Row(signed_in(), body={"product": "__product__"}),
    ("favourite-detail", "DELETE"): Row(signed_in()),
    ("order-list", "GET"): Row(signed_in()),
    ("my-order-list", "GET"): Row(signed_in()),
    ("my-product-list", "GET"): Row(signed_in()),
    # An artisan's own profile, products, stock, money.
    ("artisan-me", "GET"): Row(artisans_only(non_artisans=404)),
    ("artisan-me", "PATCH"): Row(artisans_only(non_artisans=404)),
    ("my-product-list", "POST"): Row(
        artisans_only(), body={"category": "tagines-tableware", "title_fr": "Tajine de matrice", "weight_grams": 900}
    ),
    ("my-stock", "PATCH"): Row(artisans_only(), body=[]),
    ("my-balance", "GET"): Row(artisans_only()),
    ("my-payout-list", "GET"): Row(artisans_only()),
    ("my-payout-detail", "GET"): Row(only("artisan", others=REFUSED, **dict.fromkeys(ARTISANS[1:], 404))),
    # The artisan's product (a draft) and its variants and photos: nobody else's business.
    ("my-product-detail", "GET"): Row(only("artisan")),
    ("my-product-detail", "PATCH"): Row(only("artisan")),
    ("my-product-detail", "DELETE"): Row(only("artisan")),
    ("my-product-submit", "POST"): Row(only("artisan")),
    ("my-product-archive", "POST"): Row(only("artisan")),
    ("my-product-variant-list", "GET"): Row(only("artisan")),
    ("my-product-variant-list", "POST"): Row(
        only("artisan"), body={"sku": "MATRIX-0001", "price_mad": "100.00", "stock": 1}
    ),
    ("my-product-variant-detail", "PATCH"): Row(only("artisan")),
    ("my-product-variant-detail", "DELETE"): Row(only("artisan")),
    ("my-product-photos", "GET"): Row(only("artisan")),
    ("my-product-photos", "POST"): Row(only("artisan")),
    ("my-product-photos", "PATCH"): Row(only("artisan"), body={"photo_ids": ["__photo__"]}),
    ("my-product-photo-detail", "GET"): Row(only("artisan")),
    ("my-product-photo-detail", "PATCH"): Row(only("artisan")),
    ("my-product-photo-detail", "DELETE"): Row(only("artisan")),
    # The artisan's parcel of the mixed order.
    ("my-order-detail", "GET"): Row(only("artisan")),
    ("my-order-advance", "POST"): Row(only("artisan")),
    ("my-order-parcel", "POST"): Row(only("artisan")),
    ("my-order-refunds", "GET"): Row(only("artisan")),
    ("my-order-refunds", "POST"): Row(only("artisan")),
    ("paperwork-document-list", "GET"): Row(PAPERWORK_READERS),
    ("paperwork-document-download", "GET"): Row(PAPERWORK_READERS),
    # The buyer's order: any other is a 404, never a 403 (orders/api/buyer.py).
    ("order-detail", "GET"): Row(only("buyer", anonymous=404)),
    ("order-cancel", "POST"): Row(only("buyer", anonymous=404)),
    ("order-payment", "GET"): Row(only("buyer", anonymous=404)),
    ("order-payment", "POST"): Row(only("buyer", anonymous=404)),
    ("order-line-review", "POST"): Row(only("buyer")),
    # Returns and claims (returns/api/views.py): the buyer's own (any other a 404); read by the
    # parcel's artisan, its cooperative's admins and operators; decided by the latter two only,
    # never by the parcel's own artisan (four-eyes: 403).
    ("order-line-return", "POST"): Row(only("buyer"), body={"kind": "return", "quantity": 1, "reason": "matrix"}),
    ("return-list", "GET"): Row(signed_in()),
    ("return-detail", "GET"): Row(only("buyer")),
    ("return-photo", "GET"): Row(only("buyer", "artisan", "cooperative_admin", "superuser")),
    ("managed-return-list", "GET"): Row(signed_in()),
    ("managed-return-detail", "GET"): Row(only("artisan", "cooperative_admin", "superuser")),
    ("managed-return-decide", "POST"): Row(
        only("cooperative_admin", "superuser", artisan=REFUSED), body={"action": "refuse", "reason": "matrix"}
    ),
    # The e-mailed signed link is the credential: whoever holds it, no sign-in read.
    ("satisfaction-answer", "GET"): Row(public(authenticates=False)),
    ("satisfaction-answer", "POST"): Row(public(authenticates=False)),
    # The signed-in buyer's own parcel; any other user finds no such parcel.
    ("parcel-satisfaction", "GET"): Row(only("buyer")),
    ("parcel-satisfaction", "POST"): Row(only("buyer")),
    # The satisfaction share: operators all of it, cooperative admins their own.
    ("satisfaction-summary", "GET"): Row(only("cooperative_admin", "other_cooperative_admin", "superuser", others=403)),
    # Export figures (analytics/api/views.py): operators all, cooperative admins their own
    # (the rows are scoped by the selector; asking for another cooperative is a 400).
    ("analytics-exports", "GET"): Row(only("cooperative_admin", "other_cooperative_admin", "superuser", others=403)),
    ("analytics-eligibility", "GET"): Row(
        only("cooperative_admin", "other_cooperative_admin", "superuser", others=403), query="file=csv"
    ),
    ("analytics-export-table", "GET"): Row(
        only("cooperative_admin", "other_cooperative_admin", "superuser", others=403), query="file=xlsx"
    ),
    # Cooperatives: registered by platform operators; members reviewed by their own admins.
    ("cooperative-list", "POST"): Row(only("superuser", others=403)),
    ("managed-artisan-list", "GET"): Row(only("cooperative_admin", "other_cooperative_admin", "superuser", others=403)),
    **{
        ("managed-artisan-" + verb, method): Row(
            only("cooperative_admin", "superuser", others=403, other_cooperative_admin=404)
        )
        for verb, method in (
            ("detail", "GET"),
            ("verify", "POST"),
            ("reject", "POST"),
            ("suspend", "POST"),
            ("reinstate", "POST"),
        )
    },
}


def outcome_matches(expected, status: int) -> bool:
    if status >= 500:
        return False
    if expected == OK:
        return status not in (401, 403, 404)
    if expected == REFUSED:
        return status in (403, 404)
    if isinstance(expected, frozenset):
        return status in expected
    return status == expected
