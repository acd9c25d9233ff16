import factory
from factory.django import DjangoModelFactory

from artisans.models import ArtisanProfile, Cooperative, Craft, LegalForm, VerificationStatus
from artisans.validators import ice_complete
from marketplace.models import User
from marketplace.regions import MoroccanRegion

PASSWORD = "a-Long-test-passw0rd"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def admin_of(cooperative):
    """A new staff user who administers `cooperative`."""
    admin = UserFactory(is_staff=True)
    cooperative.admins.add(admin)
    return admin


class CooperativeFactory(DjangoModelFactory):
    class Meta:
        model = Cooperative
        skip_postgeneration_save = True

    name_latin = factory.Sequence(lambda n: f"Coopérative Test {n}")
    name_arabic = factory.Sequence(lambda n: f"تعاونية الاختبار {n}")
    slug = factory.Sequence(lambda n: f"cooperative-{n}")
    legal_form = LegalForm.COOPERATIVE
    ice = factory.Sequence(lambda n: ice_complete(f"{n + 1000000:013d}"))
    region = MoroccanRegion.MARRAKECH_SAFI
    city = "Safi"
    founded_year = 2012

    @factory.post_generation
    def admins(obj, create, extracted, **kwargs):
        if create and extracted:
            for user in extracted:
                user.is_staff = True
                user.save(update_fields=["is_staff"])
            obj.admins.add(*extracted)


class ArtisanFactory(DjangoModelFactory):
    class Meta:
        model = ArtisanProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    slug = factory.Sequence(lambda n: f"artisan-{n}")
    display_name_latin = factory.Sequence(lambda n: f"Artisan {n}")
    display_name_arabic = factory.Sequence(lambda n: f"الحرفي {n}")
    region = MoroccanRegion.MARRAKECH_SAFI
    city = "Safi"
    cooperative = factory.SubFactory(CooperativeFactory)
    verification_status = VerificationStatus.VERIFIED

    @factory.post_generation
    def crafts(obj, create, extracted, **kwargs):
        if create:
            obj.crafts.set(Craft.objects.filter(slug__in=extracted or ["pottery"]))


class ProductFactory(DjangoModelFactory):
    """An active product of a verified artisan, with one variant in stock."""

    class Meta:
        model = "catalog.Product"
        skip_postgeneration_save = True

    artisan = factory.SubFactory(ArtisanFactory)
    category = factory.LazyFunction(lambda: _category("tagines-tableware"))
    slug = factory.Sequence(lambda n: f"product-{n}")
    title = factory.Sequence(lambda n: f"Product {n}")
    title_en = factory.SelfAttribute("title")
    title_fr = factory.Sequence(lambda n: f"Produit {n}")
    original_language = "fr"
    region_of_origin = MoroccanRegion.MARRAKECH_SAFI
    hs_code = "6912.00"
    weight_grams = 1200
    status = "active"

    @factory.post_generation
    def variants(obj, create, extracted, **kwargs):
        if not create:
            return
        from catalog.services import product_refresh_summary

        for number, row in enumerate(extracted if extracted is not None else [{}]):
            VariantFactory(product=obj, position=number, **row)
        product_refresh_summary(product_id=obj.pk)
        obj.refresh_from_db()


class VariantFactory(DjangoModelFactory):
    class Meta:
        model = "catalog.Variant"

    product = factory.SubFactory(ProductFactory, variants=[])
    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    price_mad = "450.00"
    stock = 5


def _category(slug):
    from catalog.models import Category

    return Category.objects.get(slug=slug)
