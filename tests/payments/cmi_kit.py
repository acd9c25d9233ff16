"""The buyer's side of a CMI payment in tests: the browser posting the signed
form to the local emulator's hosted page, typing a test card (and a 3-D
Secure code), and coming back to Souk's ok/fail URL."""

import re
from html.parser import HTMLParser

import requests

from devtools.local_cmi import CARD_3DS, CARD_APPROVED, CARD_DECLINED, CHALLENGE_CODE

__all__ = ["CARD_3DS", "CARD_APPROVED", "CARD_DECLINED", "browser_back", "hosted_page_pay", "return_form"]


class _Forms(HTMLParser):
    """Every form of a page: its action and its inputs' values."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action", ""), "fields": {}})
        elif tag == "input" and self.forms and attrs.get("name"):
            self.forms[-1]["fields"][attrs["name"]] = attrs.get("value") or ""


def _forms(page: str) -> list[dict]:
    # The emulator comments out the auto-submit of a refused payment's return form: read it all the same.
    parser = _Forms()
    parser.feed(page.replace("<!--", "").replace("-->", ""))
    return parser.forms


def hosted_page_open(form: dict) -> str:
    """The buyer's app auto-submits the payment's form: the page's session."""
    page = requests.post(form["action"], data=form["fields"], timeout=30)
    assert page.status_code == 200, page.text
    return re.search(r'name="session" value="([^"]+)"', page.text).group(1)


def hosted_page_pay(form: dict, card: str = CARD_APPROVED, *, session: str = "", code: str = CHALLENGE_CODE) -> str:
    """Pay on the hosted page (opened from `form` unless `session` is given);
    answers the last page, which posts the buyer back to the ok or fail URL."""
    base = form["action"]
    session = session or hosted_page_open(form)
    page = requests.post(f"{base}/pay", data={"session": session, "pan": card}, timeout=60)
    if card == CARD_3DS:
        page = requests.post(f"{base}/challenge", data={"session": session, "code": code}, timeout=60)
    assert page.status_code == 200, page.text
    return page.text


def return_form(page: str) -> dict:
    """The form that takes the browser back to Souk (okUrl or failUrl)."""
    return next(form for form in _forms(page) if "/pay/cmi/" in form["action"])


def browser_back(page: str) -> requests.Response:
    """The browser posts CMI's fields back to okUrl / failUrl."""
    back = return_form(page)
    return requests.post(back["action"], data=back["fields"], timeout=30)
