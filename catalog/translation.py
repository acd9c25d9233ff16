from modeltranslation.translator import TranslationOptions, register

from catalog.models import Category, Material, Product, ProductPhoto


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
