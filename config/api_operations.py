"""Every operation of the API as its users read it in the schema: an id that
reads as a verb (the name of the function the generated clients call), a
summary, and the error statuses the operation's services add to those its
view answers by itself (marketplace/api/schema.py). A new endpoint needs a
row here: tests/marketplace/test_schema_contract.py fails without one.

Applied by `operations_document`, drf-spectacular's last postprocessing hook.
"""

from dataclasses import dataclass

from config.api_examples import EXAMPLES
from marketplace.api.schema import ERROR_DESCRIPTIONS

V1 = "/api/v1"


@dataclass(frozen=True)
class Operation:
    operation_id: str
    summary: str
    errors: tuple = ()
    description: str = ""


def op(operation_id, summary, *errors, description=""):
    return Operation(operation_id, summary, tuple(errors), description)


OPERATIONS = {
    # accounts (marketplace)
    ("POST", "/auth/register/"): op("auth_register", "Create a buyer account and sign in", 409),
    ("POST", "/auth/login/"): op(
        "auth_login",
        "Sign in with e-mail and password",
        401,
        403,
        description="Answers an access token (short-lived, sent as `Authorization: Bearer …`) and a refresh "
        "token. Repeated failures lock the account and address out for a while (429).",
    ),
    ("POST", "/auth/refresh/"): op(
        "auth_refresh",
        "Exchange a refresh token for a new token pair",
        401,
        description="The old refresh token stops working: keep the new one.",
    ),
    ("POST", "/auth/logout/"): op("auth_logout", "Sign out (this device, or every device)"),
    ("GET", "/me/"): op("me_retrieve", "Read the signed-in account"),
    ("PATCH", "/me/"): op("me_update", "Change the account's name, language or currency"),
    ("POST", "/auth/password/change/"): op(
        "account_password_change",
        "Change your password",
        description="Checks the current password and sets the new one. Every session of the account ends, "
        "on every device; the answer carries a new token pair for this one.",
    ),
    ("POST", "/auth/password/reset/"): op(
        "account_password_reset_request",
        "Ask for a password reset link by e-mail",
        description="E-mails a link to set a new password if an account has this address. "
        "The answer is the same whether it has one or not.",
    ),
    ("POST", "/auth/password/reset/confirm/"): op(
        "account_password_reset_confirm",
        "Set a new password with the link's uid and token",
        description="The link works once and expires (400). Every session of the account ends.",
    ),
    ("POST", "/auth/email/verify/send/"): op(
        "account_email_verification_send", "Send the e-mail address verification link again"
    ),
    ("POST", "/auth/email/verify/"): op(
        "account_email_verify",
        "Confirm your e-mail address with the link's token",
        description="An expired or altered link is refused (400).",
    ),
    ("GET", "/me/export/"): op(
        "me_export",
        "Download everything the marketplace keeps about you",
        description="Profile, saved addresses, orders with their lines and refunds, reviews, favourites and "
        "returns, as one JSON document (sent as an attachment).",
    ),
    ("POST", "/me/delete/"): op(
        "me_delete",
        "Delete your account",
        409,
        description="Confirmed with the password. Your name, e-mail address, phone numbers and street "
        "addresses are erased everywhere; your orders stay, anonymised, as the law requires of the shop's "
        "accounts. An order still on its way keeps its address until it is delivered. Every session ends. "
        "Accounts that sell, administer a cooperative or run the platform are refused (409): their support "
        "closes them.",
    ),
    ("GET", "/me/addresses/"): op("me_addresses_list", "List your saved addresses"),
    ("POST", "/me/addresses/"): op(
        "me_addresses_create",
        "Save an address",
        description="Postal code and phone are checked and normalised as at checkout. "
        "Past the most addresses one may save, refused (400): delete one first.",
    ),
    ("GET", "/me/addresses/{id}/"): op("me_addresses_retrieve", "Read a saved address"),
    ("PUT", "/me/addresses/{id}/"): op("me_addresses_replace", "Replace a saved address"),
    ("PATCH", "/me/addresses/{id}/"): op(
        "me_addresses_update",
        "Change some fields of a saved address",
        description="The address as changed is checked whole (a new country needs its postal code).",
    ),
    ("DELETE", "/me/addresses/{id}/"): op(
        "me_addresses_delete",
        "Delete a saved address",
        description="Orders keep the address they were shipped to.",
    ),
    # artisans
    ("GET", "/artisans/"): op("artisans_list", "List verified artisans"),
    ("POST", "/artisans/"): op("artisans_apply", "Apply to sell as an artisan", 409),
    ("GET", "/artisans/{slug}/"): op("artisans_retrieve", "Read an artisan's public profile"),
    ("GET", "/artisans/me/"): op("artisans_me_retrieve", "Read your own artisan profile", 404),
    ("PATCH", "/artisans/me/"): op("artisans_me_update", "Change your own artisan profile", 404),
    ("GET", "/cooperatives/"): op("cooperatives_list", "List cooperatives"),
    ("POST", "/cooperatives/"): op("cooperatives_create", "Register a cooperative", 409),
    ("GET", "/cooperatives/{slug}/"): op("cooperatives_retrieve", "Read a cooperative"),
    ("GET", "/manage/artisans/"): op("manage_artisans_list", "List the artisans you administer"),
    ("GET", "/manage/artisans/{id}/"): op("manage_artisans_retrieve", "Read an artisan you administer"),
    ("POST", "/manage/artisans/{id}/verify/"): op("manage_artisans_verify", "Verify an artisan", 409),
    ("POST", "/manage/artisans/{id}/reject/"): op("manage_artisans_reject", "Reject an artisan's application", 409),
    ("POST", "/manage/artisans/{id}/suspend/"): op("manage_artisans_suspend", "Suspend an artisan", 409),
    ("POST", "/manage/artisans/{id}/reinstate/"): op("manage_artisans_reinstate", "Reinstate a suspended artisan", 409),
    # catalog
    ("GET", "/products/"): op(
        "products_list",
        "Browse and search products",
        description="Prices in MAD and in the buyer's currency (`?currency=` or the account's). "
        "Page numbers (`?page=`) for the web, cursors (`?cursor=`) for the apps.",
    ),
    ("GET", "/products/{slug}/"): op("products_retrieve", "Read a product with its variants and photos"),
    ("GET", "/products/{slug}/reviews/"): op("products_reviews_list", "List a product's reviews"),
    ("GET", "/categories/"): op("categories_list", "List the categories"),
    ("GET", "/favourites/"): op("favourites_list", "List your favourite products"),
    ("POST", "/favourites/"): op("favourites_add", "Add a product to your favourites"),
    ("DELETE", "/favourites/{slug}/"): op("favourites_remove", "Remove a product from your favourites"),
    ("GET", "/my/products/"): op("my_products_list", "List your products"),
    ("POST", "/my/products/"): op("my_products_create", "Create a product (a draft)"),
    ("GET", "/my/products/{id}/"): op("my_products_retrieve", "Read one of your products"),
    ("PATCH", "/my/products/{id}/"): op("my_products_update", "Change one of your products", 409),
    ("DELETE", "/my/products/{id}/"): op("my_products_delete", "Delete a draft product"),
    ("POST", "/my/products/{id}/submit/"): op("my_products_submit", "Submit a product for review", 409),
    ("POST", "/my/products/{id}/archive/"): op("my_products_archive", "Take a product off sale", 409),
    ("GET", "/my/products/{product_id}/photos/"): op("my_products_photos_list", "List a product's photos"),
    ("POST", "/my/products/{product_id}/photos/"): op("my_products_photos_upload", "Upload a product photo"),
    ("PATCH", "/my/products/{product_id}/photos/"): op("my_products_photos_reorder", "Reorder a product's photos"),
    ("GET", "/my/products/{product_id}/photos/{id}/"): op("my_products_photos_retrieve", "Read a product photo"),
    ("PATCH", "/my/products/{product_id}/photos/{id}/"): op(
        "my_products_photos_update", "Change a photo's text or replace its image"
    ),
    ("DELETE", "/my/products/{product_id}/photos/{id}/"): op("my_products_photos_delete", "Delete a product photo"),
    ("GET", "/my/products/{product_id}/variants/"): op("my_products_variants_list", "List a product's variants"),
    ("POST", "/my/products/{product_id}/variants/"): op("my_products_variants_create", "Add a variant"),
    ("PATCH", "/my/products/{product_id}/variants/{id}/"): op("my_products_variants_update", "Change a variant"),
    ("DELETE", "/my/products/{product_id}/variants/{id}/"): op("my_products_variants_delete", "Delete a variant"),
    ("PATCH", "/my/stock/"): op("my_stock_update", "Set the stock of several variants at once"),
    # orders
    ("GET", "/cart/"): op(
        "cart_retrieve",
        "Read the cart, priced now",
        410,
        description="A guest's cart is named by the `X-Cart-Token` header (the token the first line added "
        "answers); a signed-in buyer's by the account. With `?country=`, shipping and duties per artisan.",
    ),
    ("POST", "/cart/lines/"): op("cart_lines_add", "Add a variant to the cart", 409, 410),
    ("PATCH", "/cart/lines/{variant_id}/"): op("cart_lines_update", "Change a cart line's quantity", 409, 410),
    ("DELETE", "/cart/lines/{variant_id}/"): op("cart_lines_remove", "Remove a line from the cart", 410),
    ("GET", "/orders/"): op("orders_list", "List your orders"),
    ("GET", "/orders/{number}/"): op(
        "orders_retrieve",
        "Read an order",
        description="A guest reads their order with the `access_token` the checkout answered, "
        "as `?token=`; a buyer with their account.",
    ),
    ("POST", "/orders/{number}/cancel/"): op("orders_cancel", "Cancel an order not yet paid", 409),
    ("POST", "/orders/{number}/lines/{line_id}/review/"): op(
        "orders_lines_review", "Review a product you received", 409
    ),
    ("GET", "/orders/{number}/parcels/{parcel_id}/satisfaction/"): op(
        "orders_parcels_satisfaction_retrieve", "Read what you said about a parcel"
    ),
    ("POST", "/orders/{number}/parcels/{parcel_id}/satisfaction/"): op(
        "orders_parcels_satisfaction_answer", "Say how a parcel's delivery went", 409
    ),
    ("GET", "/satisfaction/{token}/"): op("satisfaction_retrieve", "Read a satisfaction survey (link from an e-mail)"),
    ("POST", "/satisfaction/{token}/"): op("satisfaction_answer", "Answer a satisfaction survey", 409),
    ("GET", "/manage/satisfaction/"): op("manage_satisfaction_retrieve", "Read delivery satisfaction figures"),
    ("GET", "/my/orders/"): op("my_orders_list", "List the orders you fulfil"),
    ("GET", "/my/orders/{id}/"): op("my_orders_retrieve", "Read an order you fulfil"),
    ("POST", "/my/orders/{id}/advance/"): op("my_orders_advance", "Move an order you fulfil to its next status", 409),
    ("POST", "/my/orders/{id}/parcel/"): op("my_orders_parcel_measure", "Weigh and measure the parcel", 409),
    ("GET", "/artisan-orders/{id}/documents/"): op("artisan_orders_documents_list", "List an order's export papers"),
    ("GET", "/artisan-orders/{id}/documents/{document_id}/download/"): op(
        "artisan_orders_documents_download", "Download an export document (PDF)"
    ),
    ("GET", "/documents/verify/{token}/"): op("documents_verify", "Check that an export document is genuine"),
    # payments
    ("POST", "/checkout/"): op(
        "checkout_place",
        "Place an order from the cart and start its payment",
        409,
        410,
        description="Send an `Idempotency-Key` header: the same key answers the same order again "
        "(`Idempotent-Replayed: true`) instead of placing a second one. The order stands even when the "
        "payment provider is down: `payment_error` then says so; retry with the order's payment operation.",
    ),
    ("GET", "/orders/{number}/payment/"): op("orders_payment_retrieve", "Read an order's payment"),
    ("POST", "/orders/{number}/payment/"): op("orders_payment_start", "Start or retry an order's payment", 409, 502),
    ("GET", "/my/balance/"): op("my_balance_retrieve", "Read your balance (earned, held, paid out)"),
    ("GET", "/my/payouts/"): op("my_payouts_list", "List your payouts"),
    ("GET", "/my/payouts/{id}/"): op("my_payouts_retrieve", "Read a payout"),
    ("GET", "/my/orders/{id}/refunds/"): op("my_orders_refunds_list", "List an order's refunds"),
    ("POST", "/my/orders/{id}/refunds/"): op(
        "my_orders_refunds_create", "Refund lines of an order you fulfil", 409, 502
    ),
    # returns
    ("POST", "/orders/{number}/lines/{line_id}/return/"): op("orders_lines_return", "Ask to return a line", 409),
    ("GET", "/returns/"): op("returns_list", "List your returns"),
    ("GET", "/returns/{id}/"): op("returns_retrieve", "Read a return"),
    ("GET", "/returns/{id}/photos/{photo_id}/"): op("returns_photos_retrieve", "Download a return's photo"),
    ("GET", "/manage/returns/"): op("manage_returns_list", "List the returns you decide on"),
    ("GET", "/manage/returns/{id}/"): op("manage_returns_retrieve", "Read a return you decide on"),
    ("POST", "/manage/returns/{id}/decide/"): op(
        "manage_returns_decide",
        "Accept or refuse a return",
        409,
        502,
        description="Send an `Idempotency-Key` header: a decision retried with the same key and body answers "
        "the return again (`Idempotent-Replayed: true`) and refunds or restocks nothing twice.",
    ),
    # analytics
    ("GET", "/manage/analytics/exports/"): op("manage_analytics_exports_retrieve", "Read export figures"),
    ("GET", "/manage/analytics/exports/{table}/"): op(
        "manage_analytics_exports_table_list", "List the rows of one table of export figures"
    ),
    ("GET", "/manage/analytics/eligibility/"): op(
        "manage_analytics_eligibility_retrieve", "Read the Trade Pact eligibility report"
    ),
}

TAG_DESCRIPTIONS = {
    "accounts": "Register, sign in and out; the account, its password and e-mail address, its data export "
    "and deletion.",
    "artisans": "Artisans and cooperatives: public profiles, applying to sell, administering members.",
    "catalog": "Products, categories, favourites; an artisan's own products, photos, variants and stock.",
    "orders": "The cart, saved addresses, orders, their parcels, reviews and satisfaction, export papers.",
    "payments": "Checkout, payments, refunds, an artisan's balance and payouts.",
    "returns": "Returns: asked by buyers, decided by cooperatives.",
    "analytics": "Export figures and Trade Pact eligibility, for staff and cooperatives.",
}


def _sends_a_file(schema: dict, components: dict) -> bool:
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    fields = schema.get("properties", {}).values()
    return any("binary" in (field.get("format"), field.get("items", {}).get("format")) for field in fields)


def _single_body_type(content: dict, components: dict) -> dict:
    """One media type per request body (generated clients cannot pick among
    several): multipart where a file is sent, JSON otherwise."""
    multipart = content.get("multipart/form-data")
    if multipart and (_sends_a_file(multipart["schema"], components) or "application/json" not in content):
        return {"multipart/form-data": multipart}
    return {"application/json": content["application/json"]}


def _add_examples(operation: dict, entry: Operation) -> None:
    """config/api_examples.py's bodies, as each body's one named example."""
    for where, value in EXAMPLES.get(entry.operation_id, {}).items():
        body = operation["requestBody"] if where == "request" else operation["responses"][where]
        body["content"]["application/json"]["examples"] = {
            entry.operation_id: {"summary": entry.summary, "value": value}
        }


def _reached(node, components: dict, names: set) -> set:
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith(COMPONENT_PREFIX) and ref[len(COMPONENT_PREFIX) :] not in names:
            names.add(ref[len(COMPONENT_PREFIX) :])
            _reached(components.get(ref[len(COMPONENT_PREFIX) :], {}), components, names)
        for value in node.values():
            _reached(value, components, names)
    elif isinstance(node, list):
        for value in node:
            _reached(value, components, names)
    return names


COMPONENT_PREFIX = "#/components/schemas/"


def operations_document(result, generator, request, public):
    components = result.get("components", {}).get("schemas", {})
    error_schema = {"$ref": "#/components/schemas/Error"}
    for path, methods in result["paths"].items():
        for method, operation in methods.items():
            entry = OPERATIONS.get((method.upper(), path.removeprefix(V1)))
            if entry is None:
                continue  # the schema test names it
            operation["operationId"] = entry.operation_id
            operation["summary"] = entry.summary
            if entry.description:
                operation["description"] = entry.description
            for status in entry.errors:
                operation["responses"].setdefault(
                    str(status),
                    {
                        "content": {"application/json": {"schema": error_schema}},
                        "description": str(ERROR_DESCRIPTIONS[status]),
                    },
                )
            operation["responses"] = dict(sorted(operation["responses"].items()))
            body = operation.get("requestBody")
            if body:
                body["content"] = _single_body_type(body["content"], components)
            _add_examples(operation, entry)
    # Serializers' docstrings are for the code's readers, not the API's users.
    for component in components.values():
        component.pop("description", None)
    # A component no operation reaches (the request twin drf-spectacular makes of a
    # read-only nested field, a body replaced above) would be an unused type in every client.
    reached = _reached(result["paths"], components, set())
    for name in set(components) - reached:
        del components[name]
    result["tags"] = [{"name": name, "description": text} for name, text in TAG_DESCRIPTIONS.items()]
    return result
