"""Souk speaks French, Spanish and Arabic: the API in the language of
Accept-Language, the admin in the user's language (right to left in Arabic),
and e-mails in the recipient's preferred language. Every assertion here reads
a string from the project's own catalogs under locale/."""

import re
from gettext import GNUTranslations
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext

from artisans import services
from artisans.models import VerificationStatus
from tests.factories import PASSWORD, ArtisanFactory

pytestmark = pytest.mark.django_db

REGISTER = "/api/v1/auth/register/"
LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
TRANSLATED = ["fr", "es", "ar"]


@pytest.fixture(autouse=True)
def _keep_language():
    """A request through LocaleMiddleware leaves its language active in this
    thread: put back the one the test started with, for the tests that follow."""
    language = translation.get_language()
    yield
    translation.activate(language)


def error_of(response):
    return response.json()["error"]


# --- The API answers in the language of Accept-Language ---------------------


def test_api_validation_error_is_in_french(api_client):
    response = api_client.post(
        REGISTER,
        {"email": "amina@example.com", "password": PASSWORD, "favourite_colour": "blue"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid"
    assert error["message"] == "Certains champs ne sont pas valides : favourite_colour."
    assert error["fields"] == {"favourite_colour": ["Champ inconnu."]}
    assert response["Content-Language"] == "fr"


def test_api_validation_error_is_in_arabic(api_client):
    response = api_client.post(
        REGISTER, {"email": "not-an-address", "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="ar-MA,ar;q=0.9"
    )

    assert response.status_code == 400
    error = error_of(response)
    assert error["message"] == "بعض الحقول غير صالحة: email."
    assert list(error["fields"]) == ["email"]
    assert "Enter a valid" not in error["fields"]["email"][0]
    assert response["Content-Language"] == "ar"


def test_read_only_field_is_refused_in_arabic(client_for, user):
    response = client_for(user).patch("/api/v1/me/", {"email": "other@example.com"}, HTTP_ACCEPT_LANGUAGE="ar")

    assert response.status_code == 400
    assert error_of(response)["fields"] == {"email": ["هذا الحقل للقراءة فقط."]}


def test_unknown_api_address_is_answered_in_spanish(api_client):
    response = api_client.get("/api/v1/no-such-thing/", HTTP_ACCEPT_LANGUAGE="es")

    assert response.status_code == 404
    assert error_of(response) == {
        "code": "not_found",
        "message": "No hay ningún punto de acceso de la API en esta dirección.",
        "fields": {},
        "request_id": response["X-Request-ID"],
    }


def test_business_rule_error_is_in_arabic(client_for, cooperative, cooperative_admin):
    applicant = ArtisanFactory(cooperative=cooperative, verification_status=VerificationStatus.PENDING)

    response = client_for(cooperative_admin).post(
        f"/api/v1/manage/artisans/{applicant.pk}/reject/", {"reason": ""}, HTTP_ACCEPT_LANGUAGE="ar"
    )

    assert response.status_code == 400
    error = error_of(response)
    assert error["message"] == "يجب ذكر السبب."
    assert error["fields"] == {"reason": ["يجب ذكر السبب."]}


def test_illegal_transition_is_explained_in_french(client_for, artisan, cooperative_admin):
    response = client_for(cooperative_admin).post(
        f"/api/v1/manage/artisans/{artisan.pk}/verify/", {}, HTTP_ACCEPT_LANGUAGE="fr"
    )

    assert response.status_code == 409
    # the states are named by their French labels, not their codes
    assert (
        error_of(response)["message"]
        == "Action impossible : l'état actuel est « Vérifié », qui ne peut pas devenir « Vérifié »."
    )


# --- The admin: Arabic right to left, French ---------------------------------


def test_admin_login_page_in_arabic_is_right_to_left(client):
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="ar")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'dir="rtl"' in html
    assert 'lang="ar"' in html
    assert "إدارة سوق" in html  # site_header
    assert "Souk administration" not in html


def test_admin_login_page_in_french(client):
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="fr")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'dir="ltr"' in html
    assert "Administration de Souk" in html
    assert "Admin Souk" in html  # site_title, in <title>
    assert "Souk administration" not in html


def test_cooperative_admin_sees_regions_and_legal_forms_in_their_language(client, cooperative, cooperative_admin):
    cooperative_admin.preferred_language = "ar"
    cooperative_admin.save(update_fields=["preferred_language"])
    client.force_login(cooperative_admin)

    response = client.get("/admin/artisans/cooperative/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'dir="rtl"' in html
    assert "جهة مراكش آسفي" in html  # the cooperative's region, and the region filter
    assert "جهة الداخلة وادي الذهب" in html  # another region in the filter
    assert "الشكل القانوني" in html  # "legal form" column and filter
    assert "Marrakech-Safi" not in html


def test_artisan_changelist_in_french_names_statuses_and_actions(client, artisan, cooperative_admin):
    cooperative_admin.preferred_language = "fr"
    cooperative_admin.save(update_fields=["preferred_language"])
    client.force_login(cooperative_admin)

    response = client.get("/admin/artisans/artisanprofile/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Vérifier les artisans sélectionnés" in html
    assert "Refuser les candidatures sélectionnées (avec un motif)" in html
    assert "En attente de vérification" in html  # verification status filter
    assert "Statut de vérification" in html
    assert "Verify the selected artisans" not in html


# --- E-mails go out in the artisan's preferred language ----------------------


def test_verification_email_is_sent_in_the_artisans_language(
    cooperative, cooperative_admin, mailoutbox, django_capture_on_commit_callbacks
):
    applicant = ArtisanFactory(
        cooperative=cooperative, verification_status=VerificationStatus.PENDING, user__preferred_language="fr"
    )

    with translation.override("es"):
        with django_capture_on_commit_callbacks(execute=True):
            services.artisan_verify(artisan=applicant, actor=cooperative_admin)
        # Rendering in French did not leak into the caller's language.
        assert translation.get_language() == "es"

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [applicant.user.email]
    assert message.subject == "Votre profil d'artisan sur Souk est vérifié"
    assert f"Bonjour {applicant.display_name_latin}," in message.body
    assert "les acheteurs peuvent désormais vous découvrir" in message.body
    assert "L'équipe Souk" in message.body


def test_rejection_email_in_arabic_carries_the_reason(
    cooperative, cooperative_admin, mailoutbox, django_capture_on_commit_callbacks
):
    applicant = ArtisanFactory(
        cooperative=cooperative, verification_status=VerificationStatus.PENDING, user__preferred_language="ar"
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.artisan_reject(artisan=applicant, actor=cooperative_admin, reason="صور المنتجات غير واضحة")

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.subject == "لم يتم قبول طلبك كحرفي على منصة سوق"
    assert "لم يتم قبول طلبك للبيع على منصة سوق." in message.body
    assert "السبب: صور المنتجات غير واضحة" in message.body
    assert "فريق سوق" in message.body


def test_email_to_an_english_speaker_stays_in_english(
    cooperative, cooperative_admin, mailoutbox, django_capture_on_commit_callbacks
):
    applicant = ArtisanFactory(
        cooperative=cooperative, verification_status=VerificationStatus.PENDING, user__preferred_language="en"
    )

    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        assert gettext("Verified") == "Vérifié"  # the caller works in French...
        services.artisan_verify(artisan=applicant, actor=cooperative_admin)

    assert mailoutbox[0].subject == "Your Souk artisan profile is verified"


# --- The catalogs themselves --------------------------------------------------


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, "لم يتم تحديث أي حرفي."),
        (1, "تم تحديث حرفي واحد."),
        (2, "تم تحديث حرفيَّين."),
        (7, "تم تحديث 7 حرفيين."),
        (11, "تم تحديث 11 حرفيًا."),
        (100, "تم تحديث 100 حرفي."),
        (103, "تم تحديث 103 حرفيين."),
    ],
)
def test_arabic_has_six_plural_forms(count, expected):
    with translation.override("ar"):
        text = ngettext("%(count)d artisan updated.", "%(count)d artisans updated.", count) % {"count": count}

    assert text == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", "Marrakech-Safi"), ("es", "Marrakech-Safí"), ("ar", "جهة مراكش آسفي")],
)
def test_region_names_are_translated(language, expected):
    from marketplace.regions import MoroccanRegion

    with translation.override(language):
        assert str(MoroccanRegion.MARRAKECH_SAFI.label) == expected
        assert gettext("Pending review") != "Pending review"


def _po_entries(path):
    """(msgid, [msgstr...], flags) for each entry of a .po file, header excluded."""
    text = path.read_text(encoding="utf-8")
    entries = []
    for block in text.strip().split("\n\n"):
        flags, fields, key = set(), {}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                fields[key] += line[1:-1]
            else:
                key, value = line.split(" ", 1)
                fields[key] = value[1:-1]
        if fields.get("msgid", "") == "":
            continue
        strings = [value for name, value in fields.items() if name.startswith("msgstr")]
        msgid = fields["msgid"]
        if "msgctxt" in fields:
            msgid = f"{fields['msgctxt']}\x04{msgid}"  # how a .mo file keys an entry with a context
        entries.append((msgid, strings, flags))
    return entries


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalog_is_complete_and_compiled(language):
    po = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    with (LOCALE_DIR / language / "LC_MESSAGES" / "django.mo").open("rb") as mo:
        compiled = GNUTranslations(mo)

    entries = _po_entries(po)
    assert len(entries) > 100
    for msgid, strings, flags in entries:
        assert "fuzzy" not in flags, msgid
        assert strings, msgid
        assert all(strings), f"untranslated in {language}: {msgid}"
        # The committed .mo holds every translation of the .po (run `make messages` after editing).
        unescaped = msgid.replace('\\"', '"')
        assert unescaped in compiled._catalog or (unescaped, 0) in compiled._catalog, msgid
        # Placeholders survive translation (Arabic's 0/1/2 plural forms may spell the number out).
        placeholders = set(re.findall(r"%\(\w+\)[sd]", msgid))
        if len(strings) == 1:
            assert set(re.findall(r"%\(\w+\)[sd]", strings[0])) == placeholders, msgid
        else:
            assert set(re.findall(r"%\(\w+\)[sd]", strings[-1])) == placeholders, msgid
