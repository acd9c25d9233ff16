from modeltranslation.translator import TranslationOptions, register

from orders.models import ShippingService, ShippingZone


@register(ShippingZone)
class ShippingZoneTranslation(TranslationOptions):
    fields = ("name",)


@register(ShippingService)
class ShippingServiceTranslation(TranslationOptions):
    fields = ("name",)
