"""The catalog's public JSON, built by hand: the list renders 24-100 cards per
request and a plain function is several times cheaper than nested
serializers. Titles fall back to the language the artisan wrote in."""

from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.utils.encoding import filepath_to_uri

from catalog.models import Product
from catalog.photos import photo_urls
from catalog.pricing import Pricing

LANGUAGE_FALLBACK = ("en", "fr", "ar", "es")


def translated(instance, field: str, language: str) -> str:
    """A model instance's text in `language`, else in the language it was written in, else any."""
    row = {f"{field}_{code}": getattr(instance, f"{field}_{code}", None) for code in LANGUAGE_FALLBACK}
    row["original_language"] = getattr(instance, "original_language", None)
    return translated_row(row, field, language)


def translated_row(row: dict, field: str, language: str) -> str:
    value = row.get(f"{field}_{language}")
    if value:
        return value
    original = row.get("original_language")
    if original and row.get(f"{field}_{original}"):
        return row[f"{field}_{original}"]
    return next((row[f"{field}_{code}"] for code in LANGUAGE_FALLBACK if row.get(f"{field}_{code}")), "")


class MediaUrls:
    """Absolute URLs of stored files for one request. With files on this
    server the origin and the storage's base URL are worked out once, not per
    card; other storages (S3) give absolute URLs themselves."""

    def __init__(self, request):
        self.request = request
        storage = storages["default"]
        self.local = isinstance(storage, FileSystemStorage)
        self.prefix = request.build_absolute_uri(storage.base_url) if self.local else ""

    def __call__(self, path: str) -> str | None:
        if not path:
            return None
        if self.local:
            return self.prefix + filepath_to_uri(path).lstrip("/")
        url = default_storage.url(path)
        return url if not url.startswith("/") else self.request.build_absolute_uri(url)


def media_url(request, path: str) -> str | None:
    return MediaUrls(request)(path)


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


def product_card(row: dict, pricing: Pricing, media: MediaUrls) -> dict:
    """One product in a list, from a row of selectors.public_product_card_rows()."""
    cooperative_slug = row["artisan__cooperative__slug"]
    return {
        "slug": row["slug"],
        "title": translated_row(row, "title", pricing.language),
        "price": pricing.price(row["min_price_mad"]),
        "thumbnail": media(row["thumbnail"]),
        "artisan": {
            "slug": row["artisan__slug"],
            "display_name_latin": row["artisan__display_name_latin"],
            "display_name_arabic": row["artisan__display_name_arabic"],
            "cooperative": None
            if cooperative_slug is None
            else {
                "slug": cooperative_slug,
                "name_latin": row["artisan__cooperative__name_latin"],
                "name_arabic": row["artisan__cooperative__name_arabic"],
            },
        },
        "rating": {"average": str(row["rating_average"]), "count": row["rating_count"]},
        "region": row["region_of_origin"],
        "in_stock": row["total_stock"] > 0,
        "made_to_order": row["made_to_order"],
        "lead_time_days": row["lead_time_days"],
        "handmade_in_morocco": row["handmade_in_morocco"],
    }


def product_detail(product: Product, pricing: Pricing, request) -> dict:
    media = MediaUrls(request)
    language = pricing.language
    category = product.category
    return {
        "slug": product.slug,
        "title": translated(product, "title", language),
        "price": pricing.price(product.min_price_mad),
        "thumbnail": media(product.thumbnail),
        "artisan": artisan_summary(product.artisan),
        "rating": {"average": str(product.rating_average), "count": product.rating_count},
        "region": product.region_of_origin,
        "in_stock": product.total_stock > 0,
        "made_to_order": product.made_to_order,
        "lead_time_days": product.lead_time_days,
        "handmade_in_morocco": product.handmade_in_morocco,
        "rate_at": pricing.rate_at,
        "description": translated(product, "description", language),
        "category": {
            "slug": category.slug,
            "name": translated(category, "name", language),
            "hs_code": product.hs_code,
        },
        "materials": [
            {"slug": m["slug"], "name": translated_row(m, "name", language)} for m in product.detail_materials
        ],
        "technique": product.technique,
        "weight_grams": product.weight_grams,
        "dimensions_cm": {
            "length": product.length_cm and str(product.length_cm),
            "width": product.width_cm and str(product.width_cm),
            "height": product.height_cm and str(product.height_cm),
        },
        "variants": [
            {
                "id": variant["id"],  # what the cart takes
                "sku": variant["sku"],
                "options": variant["options"],
                "price": pricing.price(variant["price_mad"]),
                "compare_at_price": pricing.price(variant["compare_at_price_mad"]),
                "in_stock": variant["stock"] > 0,
            }
            for variant in product.detail_variants
        ],
        "photos": [
            {
                "id": photo.id,
                "width": photo.width,
                "height": photo.height,
                "alt_text": translated(photo, "alt_text", language),
                **photo_urls(photo, request),
            }
            for photo in product.detail_photos
        ],
        "published_at": product.published_at and product.published_at.isoformat(),
    }
