"""CMI, Morocco's interbank card platform, through its 3D Pay Hosting page.

No SDK exists for Python; the protocol (README, "CMI") is small:

- A payment starts as a form, not an API call: the buyer's app POSTs the
  fields and their `ver3` HASH (payments.providers.cmi_hash) to the hosted
  page, where the card is typed. So `payment_create` calls nobody; the form
  is signed afresh, with a new random nonce, each time it is shown
  (`hosted_form`). Its `oid` is our payment reference: order number and
  attempt, unique per attempt, as CMI wants.
- The buyer comes back to okUrl / failUrl, which prove nothing. The proof is
  CMI's server-to-server callback, signed with the store key:
  `webhook_parse` verifies it; the event's id is oid + TransId, so a
  repeated callback is stored once. It is answered `ACTION=POSTAUTH` (the
  PreAuth is captured), `APPROVED` (refused payment, notification taken) or
  `FAILURE` (bad hash): payments.api.webhooks.
- The back-office API (XML `CC5Request`) reads an order's status (the sweep
  reconciles a payment whose callback never came), captures (`PostAuth`),
  voids and credits (refunds).

What CMI's ORDERSTATUS answer holds is read as the Nestpay gateway's:
`Extra/TRANS_STAT` PA authorised, C captured, D declined, V voided,
R refunded (in part or whole), N nothing; confirm against CMI's merchant
documentation before going live (the local emulator follows this reading).

A Credit carries no idempotency key, so a refund retried after a lost answer
reads the order's credited total first (`refund_create`).
"""

import secrets
import urllib.parse
import xml.etree.ElementTree as ET
from decimal import Decimal, InvalidOperation

import requests
from django.conf import settings

from marketplace.money import from_minor_units, to_minor_units
from payments.models import PaymentStatus, RefundStatus
from payments.providers.base import (
    EventKind,
    InvalidWebhook,
    ProviderError,
    ProviderEvent,
    ProviderNotFound,
    ProviderPayment,
    ProviderRefund,
    ProviderUnavailable,
)
from payments.providers.cmi_hash import hash_compute, hash_valid

# ISO 4217 numeric codes of the currencies Souk sells in (504: the dirham).
CURRENCY_CODES = {"MAD": "504", "EUR": "978", "USD": "840", "GBP": "826", "CAD": "124"}
CURRENCIES_BY_CODE = {code: currency for currency, code in CURRENCY_CODES.items()}
# CMI's page speaks these; others see it in French.
LANGUAGES = {"fr", "ar", "en"}
APPROVED = "00"
# 3-D Secure results that count: authenticated (1) or attempted (2-4).
MD_STATUS_OK = {"1", "2", "3", "4"}

EVENT_APPROVED = "callback.approved"
EVENT_REFUSED = "callback.refused"

# The ORDERSTATUS answer's field for the total credited so far. A guess: the
# reference (reference/cmi.md) names no such field; Nestpay integrations read
# TRANS_STAT and the amounts beside it. Confirm before going live; the local
# emulator serves the same name.
REFUNDED_TOTAL = "REFUND_AMT"

TRANS_STATUSES = {
    "PA": PaymentStatus.PROCESSING,  # authorised, not captured yet: captured by POSTAUTH
    "C": PaymentStatus.SUCCEEDED,
    "R": PaymentStatus.SUCCEEDED,  # captured, then refunded (the refund is ours to settle)
    "D": PaymentStatus.FAILED,
    "V": PaymentStatus.CANCELED,
    "N": PaymentStatus.REQUIRES_PAYMENT_METHOD,  # the buyer has not paid on the page yet
}


def amount_text(amount_minor: int, currency: str) -> str:
    return f"{from_minor_units(amount_minor, currency):.2f}"


def _minor(amount: str, currency: str) -> int:
    try:
        return to_minor_units(Decimal(amount or "0"), currency)
    except (InvalidOperation, ValueError) as error:
        raise InvalidWebhook(f"Not an amount: {amount!r}") from error


class CmiProvider:
    name = "cmi"
    publishable_key = ""  # nothing for the buyer's app: it posts the signed form
    # A declined card closes the attempt: CMI wants a new oid for the next one.
    retries_on_same_attempt = False

    def __init__(self, *, client_id: str, store_key: str, gateway_url: str, api_url: str, api_user: str,
                 api_password: str, callback_url: str, return_url: str, shop_url: str, timeout: float = 10,
                 session: requests.Session | None = None):  # fmt: skip
        self.client_id, self.store_key = client_id, store_key
        self.gateway_url, self.api_url = gateway_url, api_url
        self.api_user, self.api_password = api_user, api_password
        self.callback_url, self.return_url, self.shop_url = callback_url, return_url.rstrip("/"), shop_url
        self.timeout = timeout
        self.session = session or requests.Session()

    @classmethod
    def from_settings(cls, **overrides) -> "CmiProvider":
        options = {
            "client_id": settings.CMI_CLIENT_ID,
            "store_key": settings.CMI_STORE_KEY,
            "gateway_url": settings.CMI_GATEWAY_URL,
            "api_url": settings.CMI_API_URL,
            "api_user": settings.CMI_API_USER,
            "api_password": settings.CMI_API_PASSWORD,
            "callback_url": settings.CMI_CALLBACK_URL,
            "return_url": settings.CMI_RETURN_URL,
            "shop_url": settings.SITE_URL,
            "timeout": settings.CMI_TIMEOUT_SECONDS,
        }
        return cls(**{**options, **overrides})

    @property
    def refunds_by_api(self) -> bool:
        """Without an API user (CMI grants one on request) refunds are done by
        staff in CMI's merchant back office (payments.refunds)."""
        return bool(self.api_user and self.api_password)

    # --- the hosted page ----------------------------------------------------------------------------

    def hosted_form(self, *, reference: str, amount_minor: int, currency: str, email: str, name: str,
                    language: str) -> dict:  # fmt: skip
        """What the buyer's app POSTs to CMI's page (auto-submitted): a fresh
        nonce and hash each time, so a form shown twice is two forms."""
        fields = {
            "clientid": self.client_id,
            "storetype": "3D_PAY_HOSTING",
            "TranType": "PreAuth",
            "amount": amount_text(amount_minor, currency),
            "currency": CURRENCY_CODES[currency],
            "oid": reference,
            "okUrl": f"{self.return_url}/ok/",
            "failUrl": f"{self.return_url}/fail/",
            "callbackUrl": self.callback_url,
            "shopurl": self.shop_url,
            "lang": language if language in LANGUAGES else "fr",
            "rnd": secrets.token_hex(10),
            "hashAlgorithm": "ver3",
            "encoding": "UTF-8",
            "email": email,
            "BillToName": name,
        }
        fields["HASH"] = hash_compute(fields, self.store_key)
        return {"action": self.gateway_url, "method": "POST", "fields": fields}

    # --- the payment interface ----------------------------------------------------------------------

    def payment_create(self, *, amount_minor, currency, order_number, idempotency_key, metadata) -> ProviderPayment:
        """Nothing is sent: CMI learns of the payment when the buyer posts the form."""
        if currency not in CURRENCY_CODES:
            raise ProviderError(f"CMI does not take {currency}.", code="currency")
        reference = f"{order_number}-{metadata.get('attempt', '1')}"
        return ProviderPayment(reference=reference, status=PaymentStatus.REQUIRES_PAYMENT_METHOD,
                               amount_minor=amount_minor, currency=currency, metadata=dict(metadata))  # fmt: skip

    def payment_retrieve(self, reference: str) -> ProviderPayment:
        answer = self._api({"OrderId": reference}, extra={"ORDERSTATUS": "QUERY"})
        extra = answer["extra"]
        trans_stat = extra.get("TRANS_STAT", "N") or "N"
        currency = CURRENCIES_BY_CODE.get(extra.get("CURRENCY", ""), "MAD")
        status = TRANS_STATUSES.get(trans_stat, PaymentStatus.PROCESSING)
        failed = status == PaymentStatus.FAILED
        return ProviderPayment(
            reference=reference,
            status=status,
            amount_minor=_minor(extra.get("ORIG_TRANS_AMT") or "0", currency),
            currency=currency,
            failure_code=answer["ProcReturnCode"][:60] if failed else "",
            failure_message=answer["ErrMsg"][:300] if failed else "",
            metadata={"trans_id": answer["TransId"], "trans_stat": trans_stat,
                      "refunded_minor": _minor(extra.get(REFUNDED_TOTAL) or "0", currency)},
        )  # fmt: skip

    def payment_capture(self, reference: str) -> ProviderPayment:
        """PostAuth: captures an authorisation whose callback we never answered."""
        answer = self._api({"Type": "PostAuth", "OrderId": reference})
        if answer["Response"] != "Approved":
            raise ProviderError(answer["ErrMsg"] or "PostAuth refused.", code=answer["ProcReturnCode"])
        return self.payment_retrieve(reference)

    def payment_cancel(self, reference: str, *, idempotency_key: str) -> ProviderPayment:
        """Void what CMI holds; a form never paid is simply never signed again."""
        remote = self.payment_retrieve(reference)
        if remote.status == PaymentStatus.REQUIRES_PAYMENT_METHOD or remote.status == PaymentStatus.FAILED:
            return ProviderPayment(reference=reference, status=PaymentStatus.CANCELED,
                                   amount_minor=remote.amount_minor, currency=remote.currency)  # fmt: skip
        if remote.status == PaymentStatus.SUCCEEDED:
            raise ProviderError("Captured already: refund it.", code="captured")
        answer = self._api({"Type": "Void", "OrderId": reference})
        if answer["Response"] != "Approved":
            raise ProviderError(answer["ErrMsg"] or "Void refused.", code=answer["ProcReturnCode"])
        return self.payment_retrieve(reference)

    def refund_create(self, *, payment_reference, amount_minor, idempotency_key, metadata,
                      refunded_minor=None) -> ProviderRefund:  # fmt: skip
        """A Credit on the order. CMI takes no idempotency key, and the refund
        task retries when CMI's answer was lost (a timeout): the Credit may
        have been made. So CMI's credited total is read first; when it holds
        this refund on top of `refunded_minor` (what our settled refunds of the
        payment account for), the Credit is not made again."""
        remote = self.payment_retrieve(payment_reference)
        credited = remote.metadata["refunded_minor"]
        if refunded_minor is not None and credited - refunded_minor >= amount_minor:
            return ProviderRefund(
                reference=f"{payment_reference}/credit/{idempotency_key}", status=RefundStatus.SUCCEEDED,
                amount_minor=amount_minor, payment_reference=payment_reference,
                metadata={**metadata, "found_at_cmi": "credited total"},
            )  # fmt: skip
        answer = self._api(
            {"Type": "Credit", "OrderId": payment_reference, "Total": amount_text(amount_minor, remote.currency),
             "Currency": CURRENCY_CODES[remote.currency]}
        )  # fmt: skip
        if answer["Response"] != "Approved":
            raise ProviderError(answer["ErrMsg"] or "Credit refused.", code=answer["ProcReturnCode"])
        return ProviderRefund(
            reference=f"{payment_reference}/credit/{answer['TransId']}", status=RefundStatus.SUCCEEDED,
            amount_minor=amount_minor, payment_reference=payment_reference, metadata=dict(metadata),
        )  # fmt: skip

    def refund_retrieve(self, reference: str) -> ProviderRefund:
        # CMI has no refund objects to read back: a Credit's answer is final.
        raise ProviderNotFound("CMI has no refund objects.", code="no_refund_objects")

    # --- the callback -------------------------------------------------------------------------------

    def webhook_parse(self, *, body: bytes, signature: str = "") -> ProviderEvent:
        """The callback's form, trusted only once its HASH matches our store key
        and it names our merchant id. `signature` is unused: the hash is a field."""
        try:
            fields = dict(urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=True))
        except (UnicodeDecodeError, ValueError) as error:
            raise InvalidWebhook("Not a form.") from error
        if not hash_valid(fields, self.store_key):
            raise InvalidWebhook("The callback's HASH does not match.")
        if fields.get("clientid") != self.client_id:
            raise InvalidWebhook("The callback is for another merchant.")
        return self.event_read(fields)

    def event_read(self, payload) -> ProviderEvent:
        if not isinstance(payload, dict) or not payload.get("oid") or not payload.get("TransId"):
            raise InvalidWebhook("Not a CMI callback.")
        currency = CURRENCIES_BY_CODE.get(str(payload.get("currency", "")))
        if currency is None:
            raise InvalidWebhook("Unknown currency.")
        approved = payload.get("ProcReturnCode") == APPROVED and payload.get("mdStatus") in MD_STATUS_OK
        return ProviderEvent(
            id=f"{payload['oid']}/{payload['TransId']}",
            type=EVENT_APPROVED if approved else EVENT_REFUSED,
            kind=EventKind.PAYMENT_SUCCEEDED if approved else EventKind.PAYMENT_FAILED,
            payload=dict(payload),
            payment_reference=payload["oid"],
            amount_minor=_minor(str(payload.get("amount", "")), currency),
            currency=currency,
        )

    # --- the back-office API ------------------------------------------------------------------------

    def _api(self, fields: dict, *, extra: dict | None = None) -> dict:
        root = ET.Element("CC5Request")
        for name, value in {"Name": self.api_user, "Password": self.api_password, "ClientId": self.client_id,
                            **fields}.items():  # fmt: skip
            ET.SubElement(root, name).text = value
        if extra:
            extra_element = ET.SubElement(root, "Extra")
            for name, value in extra.items():
                ET.SubElement(extra_element, name).text = value
        body = b'<?xml version="1.0" encoding="UTF-8"?>' + ET.tostring(root, encoding="utf-8")
        try:
            response = self.session.post(self.api_url, data=body, timeout=self.timeout,
                                         headers={"Content-Type": "application/xml"})  # fmt: skip
        except requests.RequestException as error:
            raise ProviderUnavailable(str(error)) from error
        if response.status_code >= 500:
            raise ProviderUnavailable(f"CMI answered {response.status_code}.")
        try:
            answer = ET.fromstring(response.content)
        except ET.ParseError as error:
            raise ProviderUnavailable("CMI's answer is not XML.") from error
        read = {name: (answer.findtext(name) or "").strip() for name in
                ("OrderId", "Response", "ProcReturnCode", "TransId", "ErrMsg", "AuthCode")}  # fmt: skip
        extra_element = answer.find("Extra")
        children = list(extra_element) if extra_element is not None else []
        read["extra"] = {child.tag: (child.text or "").strip() for child in children}
        if "Authentication" in read["ErrMsg"]:
            raise ProviderError(read["ErrMsg"], code="authentication")
        return read
