"""Nothing left in English in the admin a cooperative admin reaches (issue 15).

Signed in as a cooperative admin whose preferred language is Arabic, then
French, the test walks every admin page they can reach: the index, each app
index, each model's list (and that list with each filter's first choice
chosen), the change page of one row per model and its history page. On each
page it collects the texts that name things (column headers, labels, titles,
filter titles and choices, options, app and model names, breadcrumbs) and
fails on any of them that is:

- a field, model or app name that was never marked for translation (a
  verbose name Django made up from the field's name: "shipping service");
- an English string of a catalog (ours or Django's) whose translation in the
  page's language is another text;
- a status code shown raw (`awaiting_payment`), anywhere in the page's body;
- in Arabic, any Latin word that is not data (names, numbers, references) or
  an abbreviation every language uses (MAD, IBAN, PDF...).
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
from babel.messages.pofile import read_po
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

from artisans import services as artisan_services
from artisans.models import VerificationStatus
from catalog import services as catalog_services
from returns import services as return_services
from tests.admin_security.conftest import World
from tests.catalog.builders import photo_of
from tests.factories import ArtisanFactory, ProductFactory
from tests.returns.builders import delivered_purchase

pytestmark = pytest.mark.django_db

# Written the same way in every language of the admin.
ABBREVIATIONS = {"MAD", "EUR", "USD", "GBP", "RIB", "IBAN", "PDF", "CSV", "ICE", "SKU", "HS", "DDP", "DAP", "EORI",
                 "UTC", "CMI", "ISO", "SHA", "URL", "No", "AM", "PM"}  # fmt: skip
FILTER_TITLE = "By %(filter_title)s"  # Django's, not ours: a constant keeps makemessages away
SNAKE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


# --- what a page shows ---------------------------------------------------------------------------


class Texts(HTMLParser):
    """The naming texts of an admin page (`labels`), and all its visible text (`body`)."""

    NAMING = {"th", "label", "h1", "h2", "h3", "caption", "option", "legend", "summary", "button"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.labels: list[str] = []
        self.body: list[str] = []
        self._skip = 0
        self._current: list[list[str]] = []

    def _naming_context(self, tag, attrs) -> bool:
        classes = dict(attrs).get("class") or ""
        return (
            tag in self.NAMING
            or "breadcrumbs" in classes
            or (tag == "a" and any(self._inside(place) for place in ("changelist-filter", "nav-sidebar", "date")))
        )

    def _inside(self, marker) -> bool:
        return any(marker in name for name, _ in self.stack)

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "noscript", "template"}:
            self._skip += 1
            return
        if tag in {"br", "img", "input", "meta", "link", "hr", "col"}:
            values = dict(attrs)
            if tag == "input" and values.get("type") in {"submit", "button"} and values.get("value"):
                self.labels.append(values["value"])
            return
        values = dict(attrs)
        marker = f"{tag}#{values.get('id') or ''}.{values.get('class') or ''}"
        naming = self._naming_context(tag, attrs)
        self.stack.append((marker, naming))
        if naming:
            self._current.append([])

    def handle_endtag(self, tag):
        if tag in {"script", "style", "noscript", "template"}:
            self._skip = max(0, self._skip - 1)
            return
        while self.stack:
            marker, naming = self.stack.pop()
            if naming:
                text = " ".join("".join(self._current.pop()).split())
                if text:
                    self.labels.append(text)
            if marker.startswith(f"{tag}#"):
                break

    def handle_data(self, data):
        if self._skip:
            return
        if self._current:
            self._current[-1].append(data)
        text = " ".join(data.split())
        if text:
            self.body.append(text)


def page_texts(html: str) -> Texts:
    parser = Texts()
    parser.feed(html)
    return parser


# --- what counts as English ----------------------------------------------------------------------


def _catalog_msgids() -> set[str]:
    paths = [Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"]
    django_root = Path(django.__file__).parent
    paths += [django_root / "contrib" / "admin" / "locale" / "fr" / "LC_MESSAGES" / "django.po",
              django_root / "conf" / "locale" / "fr" / "LC_MESSAGES" / "django.po"]  # fmt: skip
    msgids = set()
    for path in paths:
        with path.open("rb") as source:
            for message in read_po(source):
                ids = message.id if isinstance(message.id, tuple) else (message.id,)
                for msgid in ids:
                    if msgid and not message.context and "%" not in msgid and "{" not in msgid:
                        msgids.add(msgid)
    return msgids


def _untranslatable_names() -> set[str]:
    """Field, model and app names nobody marked for translation (plain str)."""
    names = set()
    for app_config in apps.get_app_configs():
        if not isinstance(app_config.verbose_name, Promise):
            names.add(app_config.verbose_name)
        for model in app_config.get_models():
            opts = model._meta
            for name in (opts.verbose_name, opts.verbose_name_plural):
                if not isinstance(name, Promise):
                    names.add(str(name))
            for field in opts.get_fields():
                verbose = getattr(field, "verbose_name", None)
                if verbose is not None and not isinstance(verbose, Promise):
                    names.add(verbose)
    return {name.lower() for name in names if LATIN_WORD.search(name)}


def _status_codes() -> set[str]:
    """Choice values whose label is another text (`awaiting_payment`)."""
    codes = set()
    for model in apps.get_models():
        for field in model._meta.fields:
            for value, label in field.flatchoices or ():
                if isinstance(value, str) and value != str(label) and SNAKE.fullmatch(value):
                    codes.add(value)
    return codes


def _normalised(text: str) -> str:
    return text.strip().rstrip(":").strip().rstrip("*").strip()


def _variants(name: str) -> set[str]:
    return {name, name[:1].upper() + name[1:], name.lower()}


def _data_words() -> set[str]:
    """The Latin words of the rows themselves (names, references, e-mails)."""
    words = set()
    for model in apps.get_models():
        text_fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, (models.CharField, models.TextField, models.EmailField)) and not field.choices
        ]
        if not text_fields or model._meta.app_label in {"sessions", "admin", "contenttypes", "auth"}:
            continue
        for row in model._default_manager.values_list(*text_fields):
            for value in row:
                if value:
                    words.update(LATIN_WORD.findall(str(value)))
    return words


# Django stores permission names in English, in the database ("Can view order"): not ours to translate.
PERMISSION = re.compile(r" \| .+ \| Can (add|change|delete|view) ")


def problems_of(url: str, html: str, language: str, english: dict) -> list[str]:
    texts = page_texts(html)
    found = []
    for raw in texts.labels:
        text = _normalised(raw)
        if not text or PERMISSION.search(text):
            continue
        bare = english["filter_title"].fullmatch(text)
        for shown in {text, bare.group(1) if bare else text}:
            if shown.lower() in english["untranslatable"]:
                found.append(f"{url}: never marked for translation: {text!r}")
        if text in english["msgids"] and english["translated"].get(text, text) != text:
            found.append(f"{url}: untranslated: {text!r}")
        if language == "ar":
            # A term of art glossed in brackets ("(Incoterm)"), a translated field's language tag ("[fr]").
            glossed = re.sub(r"\([A-Za-z0-9 -]+\)|\[[a-z]{2}\]|\b[A-Z]{2,}-\d+\b", "", text)
            latin = [word for word in LATIN_WORD.findall(glossed)
                     if word not in ABBREVIATIONS and word not in english["data"]]  # fmt: skip
            if latin:
                found.append(f"{url}: Latin words {latin} in {text!r}")
    for text in texts.body:
        for code in SNAKE.findall(text):
            if code in english["codes"]:
                found.append(f"{url}: raw status code {code!r} in {text!r}")
    return found


# --- the pages ------------------------------------------------------------------------------------


class Walk:
    def __init__(self, client, language, english):
        self.client, self.language, self.english = client, language, english
        self.seen: set[str] = set()
        self.problems: list[str] = []

    def visit(self, url):
        if url in self.seen:
            return None
        self.seen.add(url)
        response = self.client.get(url)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        html = response.content.decode()
        assert f'lang="{self.language}"' in html, f"{url} not in {self.language}"
        self.problems += problems_of(url, html, self.language, self.english)
        return response

    def model(self, model_entry):
        changelist = model_entry["admin_url"]
        response = self.visit(changelist)
        if response is None:
            return  # left out (THIRD_PARTY_PAGES) or seen
        if model_entry.get("add_url"):
            self.visit(model_entry["add_url"])
        cl = response.context["cl"]
        for spec in cl.filter_specs:
            choices = [choice for choice in spec.choices(cl) if not choice.get("selected")]
            if choices:
                self.visit(changelist + choices[0]["query_string"])
        rows = list(cl.result_list[:1])
        for row in rows:
            opts = row._meta
            self.visit(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk]))
            self.visit(reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[row.pk]))

    def everything(self):
        response = self.visit(reverse("admin:index"))
        for app_entry in response.context["app_list"]:
            self.visit(app_entry["app_url"])
            for model_entry in app_entry["models"]:
                if model_entry.get("admin_url"):
                    self.model(model_entry)
        return self


@pytest.fixture
def cooperative_world(world: World):
    """The admin_security world (orders, a refund, a payout), with a product
    approved and an applicant verified by the cooperative admin, and a
    return opened on a delivered parcel."""
    applicant = ArtisanFactory(cooperative=world.cooperative_a, verification_status=VerificationStatus.PENDING)
    artisan_services.artisan_verify(artisan=applicant, actor=world.admin_a)
    product = ProductFactory(artisan=world.artisan_a, status="in_review", title="Tajine de Safi")
    photo_of(product)  # no approval without a photo
    catalog_services.product_approve(product=product, actor=world.admin_a)
    purchase = delivered_purchase(artisan=world.artisan_a)
    line = purchase.order.artisan_orders.get().lines.get()
    return_services.return_open(
        buyer=purchase.order.buyer, order_line=line, kind="return", quantity=1, reason="Pas la bonne taille"
    )
    return world


def _english() -> dict:
    return {"msgids": _catalog_msgids(), "untranslatable": _untranslatable_names(), "codes": _status_codes()}


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_cooperative_admin_reads_every_page_in_their_language(cooperative_world, admin_client_for, language):
    user = cooperative_world.admin_a
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    english = _english()
    with translation.override(language):
        english["translated"] = {msgid: str(translation.gettext(msgid)) for msgid in english["msgids"]}
        by = translation.gettext(FILTER_TITLE).split("%(filter_title)s")
        english["filter_title"] = re.compile(rf"{re.escape(by[0])}(.+){re.escape(by[1])}")
    english["data"] = _data_words()

    walk = Walk(admin_client_for(user), language, english).everything()

    assert len(walk.seen) > 40, sorted(walk.seen)  # every app's pages, not only the index
    problems = sorted({re.sub(r"\?[^:]*:", "?…:", problem) for problem in walk.problems})
    assert not problems, "\n".join(problems)


def test_token_blacklist_is_not_in_a_cooperative_admins_sidebar(cooperative_world, admin_client_for):
    response = admin_client_for(cooperative_world.admin_a).get(reverse("admin:index"))

    labels = {entry["app_label"] for entry in response.context["app_list"]}
    assert "token_blacklist" not in labels
    assert labels >= {"orders", "payments", "artisans", "catalog"}


def test_superuser_still_sees_every_app(cooperative_world, admin_client_for):
    response = admin_client_for(cooperative_world.superuser).get(reverse("admin:index"))

    labels = {entry["app_label"] for entry in response.context["app_list"]}
    assert {"orders", "payments", "artisans", "catalog", "marketplace"} <= labels
    assert admin.site.is_registered(apps.get_model("orders", "Order"))


# django-axes' lockout records (operators only): its own admin's labels, untranslated upstream.
THIRD_PARTY_PAGES = ["/admin/axes/", "/admin/axes/accessattempt/", "/admin/axes/accessfailurelog/",
                     "/admin/axes/accesslog/"]  # fmt: skip


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_superuser_reads_every_page_in_their_language(cooperative_world, admin_client_for, language):
    user = cooperative_world.superuser
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    english = _english()
    with translation.override(language):
        english["translated"] = {msgid: str(translation.gettext(msgid)) for msgid in english["msgids"]}
        by = translation.gettext(FILTER_TITLE).split("%(filter_title)s")
        english["filter_title"] = re.compile(rf"{re.escape(by[0])}(.+){re.escape(by[1])}")
    english["data"] = _data_words()

    walk = Walk(admin_client_for(user), language, english)
    walk.seen.update(THIRD_PARTY_PAGES)
    walk.everything()

    problems = sorted({re.sub(r"\?[^:]*:", "?…:", problem) for problem in walk.problems})
    assert not problems, "\n".join(problems)
