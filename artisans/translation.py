import simple_history
from modeltranslation.translator import TranslationOptions, register

from artisans.models import ArtisanProfile, Craft
from marketplace.history import AuditHistory


@register(Craft)
class CraftTranslation(TranslationOptions):
    fields = ("name",)


@register(ArtisanProfile)
class ArtisanProfileTranslation(TranslationOptions):
    fields = ("bio",)


# After the translation registration, so the trail keeps the bio in every language.
simple_history.register(ArtisanProfile, records_class=AuditHistory, excluded_fields=["updated_at"])
