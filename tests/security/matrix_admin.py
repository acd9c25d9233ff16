"""The admin half of the permission matrix: one row per registered model
(tests/security/test_permission_matrix.py runs it).

Every row names its kind and two rows of the model: `own` belongs to
cooperative A (whose admin is "cooperative_admin"), `other` to cooperative B
(whose admin is "other_cooperative_admin"). For models nobody but platform
operators reaches, both may be the same row.

What each role gets, by kind (DESIGN.md: cooperative admins follow their
cooperative only; platform operators everything):

- anonymous, buyers, artisans (whatever their state), the deactivated former
  admin: the login page, everywhere;
- staff without superuser, administering no cooperative: 403 (on a row's page,
  403 or the admin's "no such row");
- cooperative admins, SUPERUSER_ONLY: the same refusal as staff;
- cooperative admins, SCOPED: the list shows only their rows (whatever the
  filter); their row's change and history pages open, the other cooperative's
  are hidden (403, 404 or "no such row"), saving or deleting it changes
  nothing; delete is refused, and add too unless the row says they add
  (products they list for their members, for their own cooperative's
  artisans only); an action on the other cooperative's
  row does nothing and hands out no file; the autocomplete of a relation to
  the model never offers the other cooperative's row;
- superuser: 200 everywhere, add and delete as the row says (read-only admins
  refuse them to everyone).
"""

from collections.abc import Callable
from dataclasses import dataclass

SUPERUSER_ONLY = "superuser only"
SCOPED = "scoped by cooperative"


@dataclass(frozen=True)
class AdminRow:
    kind: str
    own: Callable  # world -> a row of the model (cooperative A's when SCOPED)
    other: Callable  # world -> another row (cooperative B's when SCOPED)
    superuser_adds: bool = False
    superuser_deletes: bool = False
    # Cooperative admins add rows (for their own cooperative only: the add
    # form offers no other cooperative's artisan; tests of the model check it).
    cooperative_admin_adds: bool = False
    # Rows the actions are tried on (own, other), when better than own/other: rows
    # an action would change, so that an action that ran shows in the data.
    action_rows: tuple | None = None
    # Pages of one row besides change, history and delete (their URL names).
    row_pages: tuple = ()


def _first(label):
    def get(world):
        from django.apps import apps

        return apps.get_model(label).objects.order_by("pk").first()

    return get


def _row(name):
    return lambda world: getattr(world, name)


ADMIN = {
    # Platform data: users, groups, tokens, money settings, shipping and taxes.
    "auth.Group": AdminRow(SUPERUSER_ONLY, _row("group"), _row("group"), superuser_adds=True, superuser_deletes=True),
    "marketplace.User": AdminRow(
        SUPERUSER_ONLY,
        _row("artisan_user"),
        _row("other_artisan_user"),
        superuser_adds=True,
        superuser_deletes=True,
        row_pages=("auth_user_password_change",),  # Django's name for it, whatever the user model
    ),
    # Sign-in lockout records (django-axes): operators unlock by deleting an attempt.
    "axes.AccessAttempt": AdminRow(
        SUPERUSER_ONLY, _row("access_attempt"), _row("access_attempt"), superuser_deletes=True
    ),
    "axes.AccessLog": AdminRow(SUPERUSER_ONLY, _row("access_log"), _row("access_log"), superuser_deletes=True),
    "axes.AccessFailureLog": AdminRow(
        SUPERUSER_ONLY, _row("access_failure"), _row("access_failure"), superuser_deletes=True
    ),
    # Tasks the broker refused (marketplace.effects): operators give one up by deleting it.
    "marketplace.PendingTask": AdminRow(
        SUPERUSER_ONLY, _row("pending_task"), _row("pending_task"), superuser_deletes=True
    ),
    "marketplace.ExchangeRate": AdminRow(
        SUPERUSER_ONLY,
        _first("marketplace.ExchangeRate"),
        _first("marketplace.ExchangeRate"),
        superuser_adds=True,
        superuser_deletes=True,
    ),
    # The Trade Pact's dated thresholds (analytics): operators edit them.
    "analytics.TradePactThreshold": AdminRow(
        SUPERUSER_ONLY,
        _first("analytics.TradePactThreshold"),
        _first("analytics.TradePactThreshold"),
        superuser_adds=True,
        superuser_deletes=True,
    ),
    "artisans.Craft": AdminRow(
        SUPERUSER_ONLY, _first("artisans.Craft"), _first("artisans.Craft"), superuser_adds=True, superuser_deletes=True
    ),
    "catalog.Category": AdminRow(
        SUPERUSER_ONLY,
        _first("catalog.Category"),
        _first("catalog.Category"),
        superuser_adds=True,
        superuser_deletes=True,
    ),
    "catalog.Material": AdminRow(
        SUPERUSER_ONLY,
        _first("catalog.Material"),
        _first("catalog.Material"),
        superuser_adds=True,
        superuser_deletes=True,
    ),
    "orders.ShippingZone": AdminRow(
        SUPERUSER_ONLY,
        _first("orders.ShippingZone"),
        _first("orders.ShippingZone"),
        superuser_adds=True,
        superuser_deletes=True,
    ),
    "orders.ShippingService": AdminRow(
        SUPERUSER_ONLY,
        _first("orders.ShippingService"),
        _first("orders.ShippingService"),
        superuser_adds=True,
        superuser_deletes=True,
    ),
    "orders.ShippingRate": AdminRow(
        SUPERUSER_ONLY,
        _first("orders.ShippingRate"),
        _first("orders.ShippingRate"),
        superuser_adds=True,
        superuser_deletes=True,
    ),
    "orders.InsurancePremium": AdminRow(
        SUPERUSER_ONLY,
        _first("orders.InsurancePremium"),
        _first("orders.InsurancePremium"),
        superuser_adds=True,
        superuser_deletes=True,
    ),
    "orders.TaxRule": AdminRow(
        SUPERUSER_ONLY, _first("orders.TaxRule"), _first("orders.TaxRule"), superuser_adds=True, superuser_deletes=True
    ),
    "payments.CommissionRule": AdminRow(
        SUPERUSER_ONLY, _row("commission_a"), _row("commission_b"), superuser_adds=True, superuser_deletes=True
    ),
    "payments.PayoutBatch": AdminRow(SUPERUSER_ONLY, _row("batch"), _row("batch")),
    "payments.LedgerTransaction": AdminRow(SUPERUSER_ONLY, _row("ledger_transaction"), _row("ledger_transaction")),
    "payments.LedgerAccount": AdminRow(SUPERUSER_ONLY, _row("ledger_account_a"), _row("ledger_account_b")),
    "payments.Dispute": AdminRow(SUPERUSER_ONLY, _row("dispute_b"), _row("dispute_b")),
    "payments.StateChange": AdminRow(SUPERUSER_ONLY, _row("state_change"), _row("state_change")),
    "payments.WebhookEvent": AdminRow(SUPERUSER_ONLY, _row("webhook"), _row("webhook")),
    # Cooperatives' own rows.
    "artisans.Cooperative": AdminRow(
        SCOPED,
        _row("cooperative_a"),
        _row("cooperative_b"),
        superuser_adds=True,
        superuser_deletes=True,
    ),
    "artisans.ArtisanProfile": AdminRow(
        SCOPED,
        _row("artisan_profile"),
        _row("other_artisan_profile"),
        superuser_deletes=True,
        action_rows=(_row("pending_profile"), _row("pending_profile_b")),
    ),
    "catalog.Product": AdminRow(
        SCOPED,
        _row("product"),
        _row("other_product"),
        superuser_adds=True,
        superuser_deletes=True,
        cooperative_admin_adds=True,
        row_pages=("catalog_product_submit", "catalog_product_approve", "catalog_product_reject"),
    ),
    "orders.Order": AdminRow(SCOPED, _row("order_a"), _row("order_b")),
    "orders.ArtisanOrder": AdminRow(
        SCOPED,
        _row("parcel_a"),
        _row("parcel_b"),
        row_pages=("orders_artisanorder_ready_to_ship", "orders_artisanorder_ship"),
    ),
    "orders.SatisfactionAnswer": AdminRow(SCOPED, _row("satisfaction_a"), _row("satisfaction_b")),
    "returns.ReturnRequest": AdminRow(SCOPED, _row("return_a"), _row("return_b")),
    # A payment is the whole order's, across its cooperatives: operators only.
    "payments.Payment": AdminRow(SUPERUSER_ONLY, _row("payment_a"), _row("payment_b")),
    # One order, two cooperatives' parcels, one refund each: each refund is its own cooperative's.
    "payments.Refund": AdminRow(SCOPED, _row("refund_a"), _row("refund_b")),
    # Refunds staff make in CMI's merchant back office, then confirm: platform operators only.
    "payments.StaffRefund": AdminRow(SUPERUSER_ONLY, _row("staff_refund"), _row("staff_refund")),
    "payments.Payout": AdminRow(SCOPED, _row("payout_a"), _row("payout_b")),
}
