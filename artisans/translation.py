from modeltranslation.translator import TranslationOptions, register

from artisans.models import ArtisanProfile, Craft


@register(Craft)
class CraftTranslation(TranslationOptions):
    fields = ("name",)


@register(ArtisanProfile)
class ArtisanProfileTranslation(TranslationOptions):
    fields = ("bio",)
