"""The catalog's public JSON, built by hand: the list renders 24-100 cards per
request and a plain function is several times cheaper than nested
serializers. Titles fall back to the language the artisan wrote in."""

from django.core.files.storage import default_storage

from catalog.models import Product
from catalog.photos import photo_urls
from catalog.pricing import Pricing


def translated(instance, field: str, language: str) -> str:
    value = getattr(instance, f"{field}_{language}", None)
    if value:
        return value
    original = getattr(instance, "original_language", None)
    if original and getattr(instance, f"{field}_{original}", None):
        return getattr(instance, f"{field}_{original}")
    return next((getattr(instance, f"{field}_{code}") for code in ("en", "fr", "ar", "es")
                 if getattr(instance, f"{field}_{code}", None)), "")  # fmt: skip


def media_url(request, path: str) -> str | None:
    if not path:
        return None
    url = default_storage.url(path)
    if not url.startswith("/"):
        return url  # the storage gives absolute URLs (S3)
    # build_absolute_uri parses the URL each time; the origin is the same for every card.
    origin = getattr(request, "_souk_origin", None)
    if origin is None:
        origin = request._souk_origin = request.build_absolute_uri("/")[:-1]
    return origin + url


def artisan_summary(artisan) -> dict:
    cooperative = artisan.cooperative
    return {
        "slug": artisan.slug,
        "display_name_latin": artisan.display_name_latin,
        "display_name_arabic": artisan.display_name_arabic,
        "cooperative": None
        if cooperative is None
        else {"slug": cooperative.slug, "name_latin": cooperative.name_latin, "name_arabic": cooperative.name_arabic},
    }


def product_card(product: Product, pricing: Pricing, request) -> dict:
    return {
        "slug": product.slug,
        "title": translated(product, "title", pricing.language),
        "price": pricing.price(product.min_price_mad),
        "thumbnail": media_url(request, product.thumbnail),
        "artisan": artisan_summary(product.artisan),
        "rating": {"average": str(product.rating_average), "count": product.rating_count},
        "region": product.region_of_origin,
        "in_stock": product.total_stock > 0,
        "made_to_order": product.made_to_order,
        "lead_time_days": product.lead_time_days,
        "handmade_in_morocco": product.handmade_in_morocco,
    }


def product_detail(product: Product, pricing: Pricing, request) -> dict:
    language = pricing.language
    category = product.category
    return {
        **product_card(product, pricing, request),
        "description": translated(product, "description", language),
        "category": {
            "slug": category.slug,
            "name": translated(category, "name", language),
            "hs_code": product.hs_code,
        },
        "materials": [{"slug": m.slug, "name": translated(m, "name", language)} for m in product.materials.all()],
        "technique": product.technique,
        "weight_grams": product.weight_grams,
        "dimensions_cm": {
            "length": product.length_cm and str(product.length_cm),
            "width": product.width_cm and str(product.width_cm),
            "height": product.height_cm and str(product.height_cm),
        },
        "variants": [
            {
                "sku": variant.sku,
                "options": variant.options,
                "price": pricing.price(variant.price_mad),
                "compare_at_price": pricing.price(variant.compare_at_price_mad),
                "in_stock": variant.stock > 0,
                "stock": variant.stock,
            }
            for variant in product.variants.all()
        ],
        "photos": [
            {
                "id": photo.id,
                "width": photo.width,
                "height": photo.height,
                "alt_text": translated(photo, "alt_text", language),
                **photo_urls(photo, request),
            }
            for photo in product.photos.all()
        ],
        "published_at": product.published_at and product.published_at.isoformat(),
    }
