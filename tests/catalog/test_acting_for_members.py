"""Cooperative admins act for their members in the admin (issue 15): they
list and edit members' products, variants and photos through the services
the API uses, submit them, and review them on the product's own page, which
shows its photos, variants, prices, stock and history. Every act is recorded
as done on the artisan's behalf and e-mailed to the artisan in their language."""

import json

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from catalog import services
from catalog.models import Product, ProductEvent, ProductPhoto, ProductStatus, Variant
from marketplace.errors import DomainError
from tests.catalog.builders import jpeg_upload, photo_of
from tests.factories import ArtisanFactory, CooperativeFactory, ProductFactory, UserFactory, admin_of

pytestmark = pytest.mark.django_db

ADD = "/admin/catalog/product/add/"


@pytest.fixture
def member(cooperative):
    return ArtisanFactory(cooperative=cooperative, user=UserFactory(preferred_language="ar"))


@pytest.fixture
def reviewer(admin_client_for, cooperative_admin):
    return admin_client_for(cooperative_admin)


@pytest.fixture
def in_review(member):
    product = ProductFactory(artisan=member, status=ProductStatus.IN_REVIEW, title_en="Blue tagine",
                             variants=[{"sku": "TAG-BLUE-1", "price_mad": "450.00", "stock": 7}])  # fmt: skip
    photo_of(product)
    return product


def page(product, suffix=""):
    return f"/admin/catalog/product/{product.pk}/change/{suffix}"


def decide(product, decision):
    return f"/admin/catalog/product/{product.pk}/{decision}/"


def form_data(response, **fields):
    """The POST a browser sends for the page in `response`: the inlines'
    management forms and rows as shown, the main form's initial values, then `fields`."""
    data = {}
    context = response.context
    adminform = context["adminform"].form
    for name, field in adminform.fields.items():
        value = adminform.initial.get(name, field.initial)
        if value is None:
            continue
        if hasattr(value, "pk"):
            value = value.pk
        elif isinstance(value, (list, tuple)) or hasattr(value, "all"):
            value = [
                item.pk if hasattr(item, "pk") else item for item in (value.all() if hasattr(value, "all") else value)
            ]
        if isinstance(value, bool) and not value:
            continue
        data[name] = value
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for form in formset.initial_forms:
            for name in form.fields:
                value = form.initial.get(name)
                if value is None:
                    continue
                if hasattr(value, "pk"):
                    value = value.pk
                elif isinstance(value, dict):
                    value = json.dumps(value)
                data[form.add_prefix(name)] = value
            data[form.add_prefix("id")] = form.instance.pk
            data[form.add_prefix(formset.fk.name)] = formset.instance.pk
    data.update(fields)
    return data


def errors_of(response):
    if not response.context:
        return ""
    return [response.context["adminform"].form.errors] + [
        (inline.formset.prefix, inline.formset.errors, inline.formset.non_form_errors())
        for inline in response.context["inline_admin_formsets"]
    ]


def prefix_of(response, model):
    return next(
        inline.formset.prefix
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is model
        and inline.formset.prefix.startswith(("variants", "photos"))
        and (model is not ProductPhoto or inline.formset.extra)
    )


# --- the review page ------------------------------------------------------------------------


def test_the_review_page_shows_photos_variants_prices_stock_and_history(reviewer, in_review):
    html = reviewer.get(page(in_review)).content.decode()

    photo = ProductPhoto.objects.get(product=in_review)
    assert f'src="/media/{photo.original.name}"' in html  # the thumbnail (renditions not made yet: the original)
    assert "TAG-BLUE-1" in html and "450.00" in html and 'value="7"' in html
    assert "photos" in html  # the history row of the photo's upload
    assert decide(in_review, "approve") in html and decide(in_review, "reject") in html


def test_approving_from_the_review_page_puts_it_on_sale(reviewer, in_review, cooperative_admin):
    response = reviewer.post(decide(in_review, "approve"))

    assert response.status_code == 302 and response["Location"] == page(in_review)
    in_review.refresh_from_db()
    assert in_review.status == ProductStatus.ACTIVE
    event = ProductEvent.objects.filter(product=in_review).last()
    assert (event.to_status, event.actor, event.on_behalf_of) == ("active", cooperative_admin, None)


def test_rejecting_from_the_review_page_asks_for_a_reason(reviewer, in_review):
    assert 'name="reason"' in reviewer.get(decide(in_review, "reject")).content.decode()

    reviewer.post(decide(in_review, "reject"), {"reason": "The glaze is cracked", "confirm": "1"})

    in_review.refresh_from_db()
    assert in_review.status == ProductStatus.REJECTED
    assert ProductEvent.objects.filter(product=in_review).last().reason == "The glaze is cracked"


def test_a_product_without_a_photo_cannot_be_approved(reviewer, member, cooperative_admin):
    bare = ProductFactory(artisan=member, status=ProductStatus.IN_REVIEW)

    with pytest.raises(DomainError, match="without a photo"):
        services.product_approve(product=bare, actor=cooperative_admin)
    response = reviewer.post(decide(bare, "approve"), follow=True)

    bare.refresh_from_db()
    assert bare.status == ProductStatus.IN_REVIEW
    assert any("without a photo" in str(message) for message in response.context["messages"])


def test_approving_with_a_get_only_asks_to_confirm(reviewer, in_review):
    assert 'method="post"' in reviewer.get(decide(in_review, "approve")).content.decode()

    in_review.refresh_from_db()
    assert in_review.status == ProductStatus.IN_REVIEW


# --- listing a product for a member -----------------------------------------------------------


def test_a_cooperative_admin_lists_a_product_for_a_member(
    reviewer, member, cooperative_admin, django_capture_on_commit_callbacks
):
    blank = reviewer.get(ADD)
    assert blank.status_code == 200
    variants, upload = prefix_of(blank, Variant), prefix_of(blank, ProductPhoto)
    data = form_data(
        blank,
        artisan=member.pk,
        category=blank.context["adminform"].form.fields["category"].queryset.get(slug="tagines-tableware").pk,
        title_ar="طاجين أزرق",
        title_fr="Tajine bleu",
        region_of_origin="marrakech-safi",
        weight_grams=1300,
        original_language="ar",
        lead_time_days=0,
        **{
            f"{variants}-TOTAL_FORMS": 1,
            f"{variants}-0-sku": "MEMBER-TAJ-1",
            f"{variants}-0-options": "{}",
            f"{variants}-0-price_mad": "380.00",
            f"{variants}-0-stock": 4,
            f"{upload}-TOTAL_FORMS": 1,
            f"{upload}-0-original": jpeg_upload("tajine.jpg"),
        },
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer.post(ADD, data)

    assert response.status_code == 302, errors_of(response)
    product = Product.objects.get(variants__sku="MEMBER-TAJ-1")
    assert (product.artisan, product.status, product.hs_code) == (member, ProductStatus.DRAFT, "6912.00")
    assert product.min_price_mad == 380 and product.total_stock == 4
    photo = ProductPhoto.objects.get(product=product)
    with photo.original.open("rb") as stored:
        assert Image.open(stored).format == "JPEG"
    events = ProductEvent.objects.filter(product=product)
    assert {event.actor for event in events} == {cooperative_admin}
    assert {event.on_behalf_of for event in events} == {member}
    told = [message for message in mail.outbox if message.to == [member.user.email]]
    # In the member's language (Arabic): "listed a new product for you"
    assert told and any("أضاف منتجاً جديداً باسمك" in message.body for message in told)


def test_an_other_cooperatives_artisan_cannot_be_chosen_even_by_a_forged_post(reviewer):
    stranger = ArtisanFactory(cooperative=CooperativeFactory())
    blank = reviewer.get(ADD)
    assert str(stranger.pk) not in [
        str(choice[0]) for choice in blank.context["adminform"].form.fields["artisan"].choices
    ]
    data = form_data(
        blank,
        artisan=stranger.pk,
        category=blank.context["adminform"].form.fields["category"].queryset.first().pk,
        title_fr="Contrefaçon",
        region_of_origin="fes-meknes",
        weight_grams=500,
        original_language="fr",
        lead_time_days=0,
    )

    response = reviewer.post(ADD, data)

    assert response.status_code == 200
    assert "artisan" in response.context["adminform"].form.errors
    assert not Product.objects.filter(artisan=stranger).exists()


def test_the_service_refuses_an_admin_of_another_cooperative(member):
    outsider = admin_of(CooperativeFactory())
    product = ProductFactory(artisan=member, status=ProductStatus.DRAFT)

    with pytest.raises(DomainError):
        services.product_update(product=product, actor=outsider, title_fr="Volé")
    with pytest.raises(DomainError):
        services.variant_create(product=product, actor=outsider, sku="OUT-1", price_mad="10.00", stock=1)


def test_editing_a_members_price_and_submitting_from_the_admin(
    reviewer, member, cooperative_admin, django_capture_on_commit_callbacks
):
    product = ProductFactory(artisan=member, status=ProductStatus.DRAFT,
                             variants=[{"sku": "DRAFT-1", "price_mad": "200.00", "stock": 2}])  # fmt: skip
    photo_of(product)
    shown = reviewer.get(page(product))
    variants = prefix_of(shown, Variant)

    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer.post(page(product), form_data(shown, **{f"{variants}-0-price_mad": "240.00"}))

    assert response.status_code == 302, errors_of(response)
    assert Variant.objects.get(sku="DRAFT-1").price_mad == 240
    event = ProductEvent.objects.filter(product=product).last()
    assert event.changes == {"price_mad:DRAFT-1": ["200.00", "240.00"]}
    assert (event.actor, event.on_behalf_of) == (cooperative_admin, member)
    assert any(message.to == [member.user.email] for message in mail.outbox)

    reviewer.post(decide(product, "submit"))

    product.refresh_from_db()
    assert product.status == ProductStatus.IN_REVIEW
    assert ProductEvent.objects.filter(product=product).last().on_behalf_of == member


def test_a_bad_photo_is_refused_on_its_field(reviewer, member):
    product = ProductFactory(artisan=member, status=ProductStatus.DRAFT)
    shown = reviewer.get(page(product))
    upload = prefix_of(shown, ProductPhoto)
    fake = SimpleUploadedFile("x.jpg", b"<html>not an image</html>", content_type="image/jpeg")

    response = reviewer.post(
        page(product), form_data(shown, **{f"{upload}-TOTAL_FORMS": 1, f"{upload}-0-original": fake})
    )

    assert response.status_code == 200
    assert not ProductPhoto.objects.filter(product=product).exists()


# --- another cooperative's admin ---------------------------------------------------------------


def test_another_cooperatives_admin_reaches_none_of_it(admin_client_for, in_review):
    outsider = admin_client_for(admin_of(CooperativeFactory()))

    assert outsider.get(page(in_review)).status_code in (302, 404)
    for decision in ("approve", "reject", "submit"):
        assert outsider.post(decide(in_review, decision), {"reason": "x", "confirm": "1"}).status_code == 404
    assert outsider.get(decide(in_review, "reject")).status_code == 404

    in_review.refresh_from_db()
    assert in_review.status == ProductStatus.IN_REVIEW
