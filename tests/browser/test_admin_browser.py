"""The Django admin in a real browser, as a cooperative admin uses it:
signing in, the Arabic right-to-left admin, the cooperative scoping of the
artisans changelist, and the verify/reject actions."""

import re

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import ngettext
from playwright.sync_api import expect

from artisans.models import ArtisanProfile, VerificationEvent, VerificationStatus
from tests.factories import PASSWORD, ArtisanFactory, CooperativeFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHANGELIST = "/admin/artisans/artisanprofile/"
SCREENSHOT = "/tmp/admin-ar.png"


@pytest.fixture
def world(transactional_db):
    """Two cooperatives; the admin under test runs only the first one."""
    own = CooperativeFactory(name_latin="Coopérative Tamesna", name_arabic="تعاونية تامسنا")
    other = CooperativeFactory(name_latin="Coopérative Zagora Outsiders", name_arabic="تعاونية زاكورة")
    admin_ar = UserFactory(email="amina@example.com", is_staff=True, preferred_language="ar")
    admin_fr = UserFactory(email="brahim@example.com", is_staff=True, preferred_language="fr")
    own.admins.add(admin_ar, admin_fr)
    return {
        "own": own,
        "other": other,
        "admin_ar": admin_ar,
        "admin_fr": admin_fr,
        "pending": ArtisanFactory(
            cooperative=own,
            display_name_latin="Fatima Zellige",
            display_name_arabic="فاطمة الزليج",
            verification_status=VerificationStatus.PENDING,
        ),
        "verified": ArtisanFactory(
            cooperative=own,
            display_name_latin="Hassan Potter",
            display_name_arabic="حسن الفخار",
            verification_status=VerificationStatus.VERIFIED,
        ),
        "outsider": ArtisanFactory(
            cooperative=other,
            display_name_latin="Youssef Outsider",
            display_name_arabic="يوسف الغريب",
            verification_status=VerificationStatus.PENDING,
        ),
    }


def log_in(page, user):
    page.goto("/admin/login/?next=/admin/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def run_action(page, action, *artisans):
    page.goto(CHANGELIST)
    for artisan in artisans:
        page.check(f"input[name=_selected_action][value='{artisan.pk}']")
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")


def updated_message(user, count=1):
    """The admin's success message, in the admin's own language."""
    with translation.override(user.preferred_language):
        return ngettext("%(count)d artisan updated.", "%(count)d artisans updated.", count) % {"count": count}


def html_attributes(page):
    html = page.locator("html")
    return html.get_attribute("dir"), html.get_attribute("lang")


def test_cooperative_admin_logs_in_and_gets_the_admin_in_arabic_right_to_left(page, world):
    page.goto("/admin/login/")
    # Signed out, the browser's Accept-Language (en-US) decides.
    assert html_attributes(page) == ("ltr", "en")

    page.fill("input[name=username]", world["admin_ar"].email)
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))

    assert html_attributes(page) == ("rtl", "ar")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # Django's own Arabic catalogue: the log-out button and the site's app list.
    assert page.locator("#logout-form button").inner_text().strip() == "تسجيل الخروج"
    assert page.locator("a[href='/admin/artisans/artisanprofile/']").first.is_visible()


def test_wrong_password_is_refused(page, world):
    page.goto("/admin/login/")
    page.fill("input[name=username]", world["admin_ar"].email)
    page.fill("input[name=password]", "not-the-password")
    page.click("input[type=submit]")

    expect(page.locator(".errornote")).to_be_visible()
    assert "/admin/login/" in page.url
    assert page.locator("#logout-form").count() == 0


def test_changelist_shows_only_the_admins_cooperative(page, world):
    page.set_viewport_size({"width": 1600, "height": 900})
    log_in(page, world["admin_ar"])
    page.goto(CHANGELIST)

    assert html_attributes(page) == ("rtl", "ar")
    results = page.locator("#result_list")
    assert results.is_visible()
    names = results.locator("tbody th a, tbody td.field-display_name_latin a").all_inner_texts()
    assert sorted(n.strip() for n in names) == ["Fatima Zellige", "Hassan Potter"]
    body = page.content()
    assert "فاطمة الزليج" in body
    assert "Youssef Outsider" not in body
    assert "يوسف الغريب" not in body
    # Nor does the other cooperative leak through the list filters.
    assert "Zagora Outsiders" not in body
    assert page.locator(f"input[name=_selected_action][value='{world['outsider'].pk}']").count() == 0
    # The page really is laid out right to left: the first column (the row
    # checkboxes) sits on the right-hand side of the table.
    checkbox = page.locator(f"input[name=_selected_action][value='{world['pending'].pk}']").bounding_box()
    table = results.bounding_box()
    assert checkbox["x"] > table["x"] + table["width"] / 2
    page.screenshot(path=SCREENSHOT, full_page=True)


def test_another_cooperatives_artisan_cannot_be_opened_by_url(page, world):
    log_in(page, world["admin_fr"])
    outsider = world["outsider"]
    page.goto(f"{CHANGELIST}{outsider.pk}/change/")

    # Django says the object does not exist and goes back to the admin index.
    page.wait_for_url(re.compile(r"/admin/$"))
    assert html_attributes(page) == ("ltr", "fr")
    assert page.locator("ul.messagelist li.warning").is_visible()
    assert page.locator("form#artisanprofile_form").count() == 0
    body = page.content()
    assert "Youssef Outsider" not in body
    assert "يوسف الغريب" not in body

    # The history page does not show it either.
    page.goto(f"{CHANGELIST}{outsider.pk}/history/")
    assert "Youssef Outsider" not in page.content()

    # Their own cooperative's artisan does open.
    page.goto(f"{CHANGELIST}{world['pending'].pk}/change/")
    assert page.locator("form#artisanprofile_form").is_visible()
    assert page.locator("input[name=display_name_latin]").input_value() == "Fatima Zellige"


def test_reject_action_asks_for_a_reason_and_rejects(page, world):
    admin, pending = world["admin_ar"], world["pending"]
    log_in(page, admin)
    run_action(page, "reject", pending)

    # The reason page, listing only the selected artisan.
    reason_box = page.locator("textarea[name=reason]")
    expect(reason_box).to_be_visible()
    form = page.locator("#content form")
    assert "Fatima Zellige" in form.inner_text()
    assert "Hassan Potter" not in form.inner_text()
    assert ArtisanProfile.objects.get(pk=pending.pk).verification_status == VerificationStatus.PENDING

    reason = "Les photos ne montrent pas votre propre travail."
    reason_box.fill(reason)
    page.click("input[name=confirm]")

    page.wait_for_url(re.compile(re.escape(CHANGELIST) + r"$"))
    success = page.locator("ul.messagelist li.success")
    assert success.is_visible()
    assert success.inner_text().strip() == updated_message(admin)
    pending.refresh_from_db()
    assert pending.verification_status == VerificationStatus.REJECTED
    event = VerificationEvent.objects.filter(artisan=pending).latest("created_at", "id")
    assert (event.from_status, event.to_status) == (VerificationStatus.PENDING, VerificationStatus.REJECTED)
    assert event.reason == reason
    assert event.actor_id == admin.pk
    # The artisan is told why.
    [email] = [m for m in mail.outbox if m.to == [pending.user.email]]
    assert reason in email.body
    # Nobody else moved.
    assert ArtisanProfile.objects.get(pk=world["verified"].pk).verification_status == VerificationStatus.VERIFIED
    assert ArtisanProfile.objects.get(pk=world["outsider"].pk).verification_status == VerificationStatus.PENDING


def test_reject_needs_a_reason(page, world):
    pending = world["pending"]
    log_in(page, world["admin_fr"])
    run_action(page, "reject", pending)
    expect(page.locator("textarea[name=reason]")).to_be_visible()

    # The browser refuses an empty reason (the textarea is required) ...
    page.click("input[name=confirm]")
    assert page.locator("textarea[name=reason]").evaluate("el => el.validity.valueMissing")
    # ... and a blank one gets the form back from the server.
    page.fill("textarea[name=reason]", "   ")
    page.click("input[name=confirm]")
    expect(page.locator("#content form .errorlist")).to_be_visible()
    expect(page.locator("textarea[name=reason]")).to_be_visible()
    pending.refresh_from_db()
    assert pending.verification_status == VerificationStatus.PENDING
    assert not VerificationEvent.objects.filter(artisan=pending, to_status=VerificationStatus.REJECTED).exists()


def test_verify_action_verifies_a_pending_artisan(page, world):
    admin, pending = world["admin_fr"], world["pending"]
    log_in(page, admin)
    page.goto(CHANGELIST)
    status_cell = page.locator("#result_list tbody tr", has_text="Fatima Zellige").locator(
        "td.field-verification_status"
    )
    status_before = status_cell.inner_text().strip()
    run_action(page, "verify", pending)

    page.wait_for_url(re.compile(re.escape(CHANGELIST) + r"$"))
    success = page.locator("ul.messagelist li.success")
    assert success.is_visible()
    assert success.inner_text().strip() == updated_message(admin)
    assert page.locator("ul.messagelist li.error").count() == 0
    pending.refresh_from_db()
    assert pending.verification_status == VerificationStatus.VERIFIED
    event = VerificationEvent.objects.get(artisan=pending, to_status=VerificationStatus.VERIFIED)
    assert event.from_status == VerificationStatus.PENDING
    assert event.actor_id == admin.pk
    # The row now says so (in whatever words the admin's language uses).
    assert status_cell.inner_text().strip() not in ("", status_before)


def test_verify_action_reports_an_artisan_that_cannot_be_verified(page, world):
    rejected = ArtisanFactory(
        cooperative=world["own"], display_name_latin="Rachid Rejected", verification_status=VerificationStatus.REJECTED
    )
    log_in(page, world["admin_fr"])
    run_action(page, "verify", rejected)

    page.wait_for_url(re.compile(re.escape(CHANGELIST) + r"$"))
    error = page.locator("ul.messagelist li.error")
    assert error.is_visible()
    assert "Rachid Rejected" in error.inner_text()
    assert page.locator("ul.messagelist li.success").count() == 0
    rejected.refresh_from_db()
    assert rejected.verification_status == VerificationStatus.REJECTED
