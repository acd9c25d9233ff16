"""The cart: a guest's (token in the X-Cart-Token header) or the buyer's."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.api.cards import media_url, translated
from catalog.pricing import Pricing
from marketplace.api import throttles
from marketplace.api.money import MoneySerializer, money
from marketplace.api.responses import location
from marketplace.api.serializers import StrictSerializer
from marketplace.currency import currency_for_request
from marketplace.money import SUPPORTED_CURRENCIES, rates_snapshot
from orders import carts
from orders.addresses import CountryCodeField
from orders.api.order import DutyLineSerializer, duty_lines
from orders.carts import CART_TOKEN_HEADER, MAX_QUANTITY
from orders.models import Incoterm
from orders.pricing import basket_quote

TOKEN_PARAMETER = OpenApiParameter(CART_TOKEN_HEADER, str, OpenApiParameter.HEADER, description="guest cart token")


class CartLineInputSerializer(StrictSerializer):
    variant = serializers.IntegerField(min_value=1)
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY)


class CartQuantitySerializer(StrictSerializer):
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY)


# drf-spectacular documents every PATCH body as partial (no field required); this
# PATCH reads the whole body, so its schema is written out: quantity is required.
CART_QUANTITY_BODY = {
    "type": "object",
    "properties": {"quantity": {"type": "integer", "minimum": 1, "maximum": MAX_QUANTITY}},
    "required": ["quantity"],
}


class CartQuerySerializer(serializers.Serializer):
    """Optional: where it goes, to show shipping and duties per artisan."""

    country = CountryCodeField(required=False)
    incoterm = serializers.ChoiceField(choices=Incoterm.choices, required=False, default=Incoterm.DAP)
    currency = serializers.CharField(required=False)
    insurance = serializers.BooleanField(
        required=False, default=False, help_text=_("Quote the shipping insurance of each parcel (with a country).")
    )


class CartArtisanSchema(serializers.Serializer):
    slug = serializers.SlugField()
    display_name_latin = serializers.CharField()
    display_name_arabic = serializers.CharField()


class CartLineSchema(serializers.Serializer):
    variant = serializers.IntegerField()
    sku = serializers.CharField()
    product = serializers.SlugField()
    title = serializers.CharField()
    thumbnail = serializers.URLField(allow_null=True)
    options = serializers.DictField(child=serializers.CharField())
    quantity = serializers.IntegerField()
    unit_price = MoneySerializer()
    total = MoneySerializer()


class CartShippingSchema(serializers.Serializer):
    service = serializers.CharField()
    price = MoneySerializer()
    delivery_days = serializers.ListField(child=serializers.IntegerField(), help_text=_("[fewest, most]"))


class CartParcelSchema(serializers.Serializer):
    artisan = CartArtisanSchema()
    lines = CartLineSchema(many=True)
    subtotal = MoneySerializer()
    shipping = CartShippingSchema(allow_null=True, help_text=_("With ?country= only."))
    duties = DutyLineSerializer(many=True, allow_null=True, help_text=_("With ?country= only."))
    insurance = MoneySerializer(allow_null=True, help_text=_("The premium, when insurance is asked for."))
    ddp_offered = serializers.BooleanField()


class CartTotalsSchema(serializers.Serializer):
    subtotal = MoneySerializer()
    shipping = MoneySerializer()
    duties = MoneySerializer()
    insurance = MoneySerializer()
    total = MoneySerializer()


class CartSchema(serializers.Serializer):
    """Describes cart_body (the view builds it as a dict)."""

    token = serializers.CharField(
        allow_null=True, help_text=_("A guest's cart token: send it back as the X-Cart-Token header.")
    )
    currency = serializers.ChoiceField(choices=SUPPORTED_CURRENCIES)
    parcels = CartParcelSchema(many=True)
    totals = CartTotalsSchema()


def cart_body(request, cart) -> dict:
    """Lines and totals, per artisan and overall, priced now from the catalog."""
    options = {"incoterm": Incoterm.DAP}  # what an empty query validates to
    if request.query_params:  # its country field lists every country each time it is made: only when asked
        query = CartQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        options = query.validated_data
    language = get_language()
    rates = rates_snapshot()
    # A currency without a rate yet is shown in MAD, as the catalog does.
    currency = Pricing.from_rates(currency_for_request(request), language, rates).currency
    items = carts.cart_items(cart) if cart is not None else []
    basket = basket_quote(items=items, currency=currency, rates=rates, country=options.get("country"),
                          incoterm=options["incoterm"], insurance=options.get("insurance", False))  # fmt: skip
    parcels = []
    for parcel in basket.parcels.values():
        artisan = parcel.artisan
        parcels.append(
            {
                "artisan": {
                    "slug": artisan.slug,
                    "display_name_latin": artisan.display_name_latin,
                    "display_name_arabic": artisan.display_name_arabic,
                },
                "lines": [
                    {
                        "variant": line.variant.pk,
                        "sku": line.variant.sku,
                        "product": line.variant.product.slug,
                        "title": translated(line.variant.product, "title", language),
                        "thumbnail": media_url(request, line.variant.product.thumbnail),
                        "options": line.variant.options,
                        "quantity": line.quantity,
                        "unit_price": money(line.unit_price, currency, line.unit_price_mad),
                        "total": money(line.total, currency, line.total_mad),
                    }
                    for line in parcel.lines
                ],
                "subtotal": money(parcel.subtotal, currency, parcel.subtotal_mad),
                "shipping": None
                if parcel.shipping_quote is None
                else {
                    "service": parcel.shipping_quote.service.code,
                    "price": money(parcel.shipping, currency, parcel.shipping_mad),
                    "delivery_days": list(parcel.delivery_days),
                },
                "duties": duty_lines(parcel.duties_breakdown, currency) if parcel.duties is not None else None,
                "insurance": money(parcel.insurance, currency, parcel.insurance_mad) if parcel.insured else None,
                "ddp_offered": parcel.ddp_offered,
            }
        )
    return {
        "token": str(cart.token) if cart is not None and cart.user_id is None else None,
        "currency": currency,
        "parcels": parcels,
        "totals": {
            name: money(getattr(basket, name), currency, getattr(basket, f"{name}_mad"))
            for name in ("subtotal", "shipping", "duties", "insurance", "total")
        },
    }


class CartCreateThrottle(throttles.GuestCreateThrottle):
    scope = "cart_create_ip"
    token_header = CART_TOKEN_HEADER


class CartMixin:
    permission_classes = [permissions.AllowAny]
    throttle_classes = [throttles.CartThrottle, CartCreateThrottle]

    def cart(self, request, *, create=False):
        return carts.cart_get(user=request.user, token=request.headers.get(CART_TOKEN_HEADER), create=create)

    def answer(self, request, cart, status_code=status.HTTP_200_OK):
        response = Response(cart_body(request, cart), status=status_code)
        response["Cache-Control"] = "private, no-store"
        return response


class CartView(CartMixin, APIView):
    @extend_schema(
        parameters=[TOKEN_PARAMETER, CartQuerySerializer],
        responses={200: CartSchema},
    )
    def get(self, request):
        return self.answer(request, self.cart(request))


class CartLineListView(CartMixin, APIView):
    @extend_schema(parameters=[TOKEN_PARAMETER], request=CartLineInputSerializer, responses={201: CartSchema})
    def post(self, request):
        form = CartLineInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        cart = carts.cart_line_add(
            user=request.user, token=request.headers.get(CART_TOKEN_HEADER),
            variant_id=form.validated_data["variant"], quantity=form.validated_data["quantity"],
        )  # fmt: skip
        response = self.answer(request, cart, status.HTTP_201_CREATED)
        response["Location"] = location(request, "cart-line-detail", variant_id=form.validated_data["variant"])
        return response


class CartLineDetailView(CartMixin, APIView):
    @extend_schema(
        parameters=[TOKEN_PARAMETER],
        request={"application/json": CART_QUANTITY_BODY},
        responses={200: CartSchema},
    )
    def patch(self, request, variant_id):
        form = CartQuantitySerializer(data=request.data)
        form.is_valid(raise_exception=True)
        cart = self._existing(request)
        if not cart.lines.filter(variant__pk=variant_id).exists():  # variant__pk: see carts.cart_line_remove
            raise NotFound()
        carts.cart_line_set(cart=cart, variant_id=variant_id, quantity=form.validated_data["quantity"])
        return self.answer(request, cart)

    @extend_schema(parameters=[TOKEN_PARAMETER], responses={200: CartSchema})
    def delete(self, request, variant_id):
        cart = self._existing(request)
        carts.cart_line_remove(cart=cart, variant_id=variant_id)
        return self.answer(request, cart)

    def _existing(self, request):
        cart = self.cart(request)
        if cart is None:
            raise carts.CartNotFound(_("No cart yet."))
        return cart
