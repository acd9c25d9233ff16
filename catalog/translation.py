import simple_history
from modeltranslation.translator import TranslationOptions, register

from catalog.models import Category, Material, Product, ProductPhoto
from marketplace.history import AuditHistory


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name",)


@register(Material)
class MaterialTranslation(TranslationOptions):
    fields = ("name",)


@register(Product)
class ProductTranslation(TranslationOptions):
    fields = ("title", "description")


@register(ProductPhoto)
class ProductPhotoTranslation(TranslationOptions):
    fields = ("alt_text",)


# After the translation registration, so the trail keeps every language's title
# (simple-history's documented way with modeltranslation). The list-ready
# copies change with every sale or review: noise in an audit trail.
simple_history.register(
    Product,
    records_class=AuditHistory,
    excluded_fields=["min_price_mad", "total_stock", "thumbnail", "rating_average", "rating_count", "updated_at"],
)
