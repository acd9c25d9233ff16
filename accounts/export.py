"""A person's data, as one JSON document they can download (GDPR art. 15 and
20): profile, saved addresses, orders with their lines and refunds, reviews,
favourites, returns. Read in a fixed number of queries, whatever its size."""

from django.db.models import Prefetch

from catalog.models import Favourite, Review
from marketplace.api.money import money
from orders.models import ArtisanOrder, Order, SavedAddress
from payments.models import Refund
from returns.models import ReturnRequest


def account_export(*, user) -> dict:
    orders = (
        Order.objects.filter(buyer=user)
        .prefetch_related(
            Prefetch("artisan_orders", ArtisanOrder.objects.select_related("artisan").prefetch_related("lines")),
            Prefetch("refunds", Refund.objects.order_by("pk")),
        )
        .order_by("placed_at", "pk")
    )
    return {
        "profile": {
            "email": user.email,
            "full_name": user.full_name,
            "preferred_language": user.preferred_language,
            "preferred_currency": user.preferred_currency,
            "date_joined": user.date_joined,
            "email_verified_at": user.email_verified_at,
        },
        "addresses": [
            {"label": address.label, **address.shipping_address}
            for address in SavedAddress.objects.filter(user=user).order_by("pk")
        ],
        "orders": [_order(order) for order in orders],
        "reviews": [
            {
                "product": review.product.slug,
                "rating": review.rating,
                "text": review.text,
                "language": review.language,
                "created_at": review.created_at,
            }
            for review in Review.objects.filter(author=user).select_related("product").order_by("pk")
        ],
        "favourites": [
            {"product": favourite.product.slug, "created_at": favourite.created_at}
            for favourite in Favourite.objects.filter(user=user).select_related("product").order_by("pk")
        ],
        "returns": [
            {
                "order": request.artisan_order.order.number,
                "sku": request.order_line.sku,
                "kind": request.kind,
                "quantity": request.quantity,
                "reason": request.reason,
                "status": request.status,
                "created_at": request.created_at,
            }
            for request in ReturnRequest.objects.filter(buyer=user)
            .select_related("artisan_order__order", "order_line")
            .order_by("pk")
        ],
    }


def _order(order: Order) -> dict:
    return {
        "number": order.number,
        "placed_at": order.placed_at,
        "status": order.status,
        "email": order.email,
        "currency": order.currency,
        "total": money(order.total, order.currency, order.total_mad),
        "shipping_address": order.shipping_address,
        "parcels": [
            {
                "artisan": artisan_order.artisan.slug,
                "status": artisan_order.status,
                "lines": [
                    {
                        "sku": line.sku,
                        "title": line.title,
                        "quantity": line.quantity,
                        "unit_price": money(line.unit_price, order.currency, line.unit_price_mad),
                        "line_total": money(line.line_total, order.currency, line.line_total_mad),
                    }
                    for line in artisan_order.lines.all()
                ],
            }
            for artisan_order in order.artisan_orders.all()
        ],
        "refunds": [
            {
                "amount": money(refund.amount, refund.currency, refund.amount_mad),
                "status": refund.status,
                "created_at": refund.created_at,
            }
            for refund in order.refunds.all()
        ],
    }
