"""A local CMI (Centre Monétique Interbancaire) for development and tests:
the 3D Pay Hosting page, its server-to-server callback and the back-office
API, as the protocol notes describe them (README, "CMI"). CMI publishes no
sandbox reachable from here, so Souk's tests run against this.

- `POST /fim/est3Dgate`: the merchant's auto-submitted form. The emulator
  checks the client id and the `ver3` HASH, then serves a card page.
- `POST /fim/est3Dgate/pay` (the card page's form): test cards decide:

      4000000000000010  approved (frictionless 3-D Secure, mdStatus 1)
      4000000000000028  declined by the issuer (ProcReturnCode 05)
      4000000000000036  3-D Secure challenge: a second page asks for a code;
                        1234 passes (approved), anything else fails (mdStatus 0)

  The outcome is POSTed, signed with the store key, to the form's
  `callbackUrl`; the merchant's answer `ACTION=POSTAUTH` captures a PreAuth.
  The browser then gets a page that auto-submits the same fields to `okUrl`
  or `failUrl` (which prove nothing). A declined buyer may try another card.
- `POST /fim/api`: XML `CC5Request` documents: `Extra/ORDERSTATUS=QUERY` (the
  order's state: `Extra/TRANS_STAT` PA authorised, C captured, D declined,
  V voided, R refunded in part or whole, N none), `Type` PostAuth, Void, Credit.
- `/_control/...` (JSON; tests and developers): `callbacks` sets how the next
  callbacks are delivered (`mode` send, drop or hold; `repeat`; `delay`
  seconds), `release` sends the held ones (`reverse` for out of order),
  `answers` loses the answers of the back-office API's next operations
  (`drop`: how many PostAuth, Void or Credit are applied, then their
  connection closed unanswered, as a timeout would leave the merchant),
  `reset` forgets everything, `orders/<oid>` shows one, `deliveries` lists
  what was sent and answered.

It reimplements the hash on purpose rather than importing Souk's: two
readings of the protocol that must agree. Standard library only. In tests it
runs in a thread (`LocalCmi().start()`); `make run` runs this module:

    python -m devtools.local_cmi --port 8421
"""

import argparse
import base64
import hashlib
import html
import itertools
import json
import re
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# The development defaults, the same as config/settings.py's CMI_* defaults.
CLIENT_ID = "600000000"
STORE_KEY = "souk_local_cmi_store_key"
API_USER = "souk_api"
API_PASSWORD = "souk_api_password"

CARD_APPROVED = "4000000000000010"
CARD_DECLINED = "4000000000000028"
CARD_3DS = "4000000000000036"
CHALLENGE_CODE = "1234"

REQUIRED = ("clientid", "storetype", "TranType", "amount", "currency", "oid", "okUrl", "failUrl", "callbackUrl",
            "rnd", "hashAlgorithm", "HASH")  # fmt: skip


def _natural_key(name: str) -> list:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name.lower())]


def _escape(value: str) -> str:
    return str(value).strip().replace("\\", "\\\\").replace("|", "\\|")


def sign(fields: dict, store_key: str) -> str:
    """CMI's ver3 HASH (see payments/providers/cmi_hash.py for the steps)."""
    names = sorted((name for name in fields if name.lower() not in ("hash", "encoding")), key=_natural_key)
    text = "|".join([*(_escape(fields[name]) for name in names), _escape(store_key)])
    return base64.b64encode(hashlib.sha512(text.encode("utf-8")).digest()).decode("ascii")


@dataclass
class CmiOrder:
    oid: str
    form: dict
    status: str = "N"  # N none yet, PA authorised, C captured, D declined, V voided, R refunded
    trans_id: str = ""
    auth_code: str = ""
    proc_return_code: str = ""
    response: str = ""
    err_msg: str = ""
    amount: Decimal = Decimal("0")
    refunded: Decimal = Decimal("0")
    credits: list = field(default_factory=list)


@dataclass
class Delivery:
    oid: str
    trans_id: str
    url: str
    status: int
    answer: str


class _State:
    def __init__(self, *, client_id: str, store_key: str, api_user: str, api_password: str):
        self.client_id, self.store_key = client_id, store_key
        self.api_user, self.api_password = api_user, api_password
        self.lock = threading.RLock()
        self.trans_ids = itertools.count(int(time.time()) % 100000 * 1000)
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.orders: dict[str, CmiOrder] = {}
            self.sessions: dict[str, str] = {}  # card page session → oid
            self.mode = {"mode": "send", "repeat": 1, "delay": 0.0}
            self.held: list[dict] = []
            self.deliveries: list[Delivery] = []
            self.timers: list[threading.Timer] = []
            self.answers_to_drop = 0  # back-office operations applied whose answer is lost


class LocalCmi:
    def __init__(self, port: int = 0, *, client_id=CLIENT_ID, store_key=STORE_KEY, api_user=API_USER,
                 api_password=API_PASSWORD):  # fmt: skip
        self.port = port
        self.state = _State(client_id=client_id, store_key=store_key, api_user=api_user, api_password=api_password)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def gateway_url(self) -> str:
        return f"{self.url}/fim/est3Dgate"

    @property
    def api_url(self) -> str:
        return f"{self.url}/fim/api"

    def start(self) -> "LocalCmi":
        state = self.state

        class Handler(_Handler):
            pass

        Handler.state = state
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, name="local-cmi", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(10)
            self._server = None

    # --- what tests use (the same as the /_control endpoints) -------------------------------------

    def reset(self) -> None:
        """Let delayed callbacks finish, then forget every order and setting."""
        for timer in list(self.state.timers):
            timer.join(15)
        self.state.reset()

    def callbacks(self, *, mode: str = "send", repeat: int = 1, delay: float = 0) -> None:
        _callbacks_set(self.state, {"mode": mode, "repeat": repeat, "delay": delay})

    def api_answers(self, *, drop: int = 0) -> None:
        _answers_set(self.state, {"drop": drop})

    def release(self, *, reverse: bool = False) -> int:
        return _release(self.state, reverse=reverse)

    def order(self, oid: str) -> CmiOrder | None:
        return self.state.orders.get(oid)

    @property
    def deliveries(self) -> list[Delivery]:
        return list(self.state.deliveries)

    @property
    def held(self) -> list[dict]:
        """The callbacks held back (mode hold), signed, not sent yet."""
        return [dict(fields) for fields in self.state.held]


# --- the callback ----------------------------------------------------------------------------------------


def _callbacks_set(state: _State, settings: dict) -> None:
    mode = settings.get("mode", "send")
    if mode not in ("send", "drop", "hold"):
        raise ValueError("mode: send, drop or hold")
    with state.lock:
        state.mode = {"mode": mode, "repeat": max(int(settings.get("repeat", 1)), 1),
                      "delay": max(float(settings.get("delay", 0)), 0.0)}  # fmt: skip


def _answers_set(state: _State, settings: dict) -> None:
    with state.lock:
        state.answers_to_drop = max(int(settings.get("drop", 0)), 0)


def _callback_fields(state: _State, order: CmiOrder) -> dict:
    """The form's fields as posted, plus the outcome, signed again."""
    fields = {name: value for name, value in order.form.items() if name.lower() != "hash"}
    fields.update({
        "ProcReturnCode": order.proc_return_code, "Response": order.response,
        "mdStatus": "1" if order.proc_return_code in ("00", "05") else "0", "AuthCode": order.auth_code,
        "TransId": order.trans_id, "ErrMsg": order.err_msg,
        "EXTRA.TRXDATE": datetime.now(UTC).strftime("%Y%m%d %H:%M:%S"), "HASHPARAMS": "", "HASHPARAMSVAL": "",
    })  # fmt: skip
    fields["HASH"] = sign(fields, state.store_key)
    return fields


def _outcome_announce(state: _State, order: CmiOrder) -> None:
    fields = _callback_fields(state, order)
    with state.lock:
        mode = dict(state.mode)
    deliveries = [fields] * mode["repeat"]
    if mode["mode"] == "drop":
        return
    if mode["mode"] == "hold":
        with state.lock:
            state.held.extend(deliveries)
        return
    if mode["delay"]:
        timer = threading.Timer(mode["delay"], lambda: [_deliver(state, one) for one in deliveries])
        timer.daemon = True
        state.timers.append(timer)
        timer.start()
        return
    for one in deliveries:
        _deliver(state, one)


def _release(state: _State, *, reverse: bool) -> int:
    with state.lock:
        held, state.held = state.held, []
    for fields in reversed(held) if reverse else held:
        _deliver(state, fields)
    return len(held)


def _deliver(state: _State, fields: dict) -> None:
    """POST the callback; the merchant's `ACTION=POSTAUTH` captures an approved PreAuth."""
    url = fields["callbackUrl"]
    body = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, answer = response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        status, answer = error.code, error.read().decode("utf-8", "replace")
    except OSError as error:
        status, answer = 0, str(error)
    with state.lock:
        state.deliveries.append(Delivery(fields["oid"], fields["TransId"], url, status, answer.strip()))
        order = state.orders.get(fields["oid"])
        captured = answer.strip() == "ACTION=POSTAUTH"
        if captured and order and order.status == "PA" and order.trans_id == fields["TransId"]:
            order.status = "C"


# --- the hosted page ----------------------------------------------------------------------------------


PAGE = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>CMI (local emulator)</title></head>
<body><h1>Paiement sécurisé (CMI, émulateur local)</h1><p>{what}</p>{body}</body></html>"""


def _page(what: str, body: str = "") -> bytes:
    return PAGE.format(what=html.escape(what), body=body).encode()


def _card_form(session: str, message: str = "") -> str:
    return (
        f"<p class=message>{html.escape(message)}</p>"
        f'<form method="post" action="/fim/est3Dgate/pay"><input type="hidden" name="session" value="{session}">'
        '<label>Card <input name="pan" autocomplete="cc-number"></label>'
        '<label>Expiry <input name="expiry" value="12/31"></label><label>CVV <input name="cvv" value="123"></label>'
        '<button type="submit">Payer</button></form>'
        f"<p>Test cards: {CARD_APPROVED} approved, {CARD_DECLINED} declined, {CARD_3DS} 3-D Secure "
        f"(code {CHALLENGE_CODE}).</p>"
    )


def _return_form(url: str, fields: dict) -> str:
    """What CMI's page does after the payment: the browser posts the fields back (they prove nothing)."""
    inputs = "".join(
        f'<input type="hidden" name="{html.escape(name)}" value="{html.escape(str(value))}">'
        for name, value in fields.items()
    )
    return (
        f'<form id="back" method="post" action="{html.escape(url)}">{inputs}<button>Retour</button></form>'
        "<script>document.getElementById('back').submit()</script>"
    )


def _gate(state: _State, form: dict) -> tuple[int, bytes]:
    missing = [name for name in REQUIRED if not form.get(name)]
    if missing:
        return 400, _page(f"Missing fields: {', '.join(missing)}")
    if form["clientid"] != state.client_id:
        return 400, _page("Unknown merchant (clientid).")
    if form["hashAlgorithm"] != "ver3" or not secrets.compare_digest(form["HASH"], sign(form, state.store_key)):
        return 400, _page("Hash error: the form was not signed with this merchant's store key.")
    with state.lock:
        order = state.orders.get(form["oid"])
        if order and order.status in ("PA", "C", "R", "V"):
            return 400, _page("This order id was already paid: every attempt needs its own oid.")
        state.orders[form["oid"]] = CmiOrder(form["oid"], dict(form), amount=Decimal(form["amount"]))
        session = secrets.token_urlsafe(12)
        state.sessions[session] = form["oid"]
    amount = f"{form['amount']} ({form['currency']})"
    return 200, _page(f"Commande {form['oid']}: {amount}", _card_form(session))


def _pay(state: _State, form: dict) -> tuple[int, bytes]:
    with state.lock:
        oid = state.sessions.get(form.get("session", ""))
        order = state.orders.get(oid) if oid else None
    if order is None:
        return 400, _page("Unknown or expired payment session.")
    pan = re.sub(r"\D", "", form.get("pan", ""))
    if pan == CARD_3DS:
        challenge = (
            f'<form method="post" action="/fim/est3Dgate/challenge"><input type="hidden" name="session" '
            f'value="{html.escape(form["session"])}"><label>Code <input name="code"></label><button>OK</button></form>'
        )
        return 200, _page("3-D Secure: enter the code your bank sent you.", challenge)
    if pan == CARD_APPROVED:
        return _finish(state, order, form["session"], approved=True)
    reason = "Declined by the issuer." if pan == CARD_DECLINED else "Invalid card number."
    return _finish(state, order, form["session"], approved=False, code="05" if pan == CARD_DECLINED else "14",
                   message=reason)  # fmt: skip


def _challenge(state: _State, form: dict) -> tuple[int, bytes]:
    with state.lock:
        oid = state.sessions.get(form.get("session", ""))
        order = state.orders.get(oid) if oid else None
    if order is None:
        return 400, _page("Unknown or expired payment session.")
    if form.get("code") == CHALLENGE_CODE:
        return _finish(state, order, form["session"], approved=True)
    return _finish(state, order, form["session"], approved=False, code="99", message="3-D Secure failed.")


def _finish(state, order: CmiOrder, session: str, *, approved: bool, code="00", message="") -> tuple[int, bytes]:
    with state.lock:
        order.trans_id = f"{next(state.trans_ids):011d}"
        if approved:
            order.status = "PA" if order.form.get("TranType") == "PreAuth" else "C"
            order.proc_return_code, order.response, order.err_msg = "00", "Approved", ""
            order.auth_code = f"{secrets.randbelow(10**6):06d}"
            state.sessions.pop(session, None)
        else:
            order.status = "D"
            order.response = "Declined" if code != "99" else "Error"
            order.proc_return_code, order.err_msg = code, message
            order.auth_code = ""
    _outcome_announce(state, order)
    fields = _callback_fields(state, order)
    body = _return_form(order.form["okUrl"] if approved else order.form["failUrl"], fields)
    if not approved:
        body = _card_form(session, message) + body.replace("<script>", "<!--").replace("</script>", "-->")
    return 200, _page("Approved." if approved else message, body)


# --- the back-office API ----------------------------------------------------------------------------------


def _xml(**values) -> bytes:
    root = ET.Element("CC5Response")
    extra = values.pop("Extra", {})
    for name, value in values.items():
        ET.SubElement(root, name).text = str(value)
    extra_element = ET.SubElement(root, "Extra")
    for name, value in extra.items():
        ET.SubElement(extra_element, name).text = str(value)
    return b'<?xml version="1.0" encoding="UTF-8"?>' + ET.tostring(root, encoding="utf-8")


def _error(oid: str, message: str) -> bytes:
    return _xml(OrderId=oid, Response="Error", ProcReturnCode="99", ErrMsg=message, TransId="")


ANSWER_LOST = (0, b"")  # the operation is applied, its answer never sent


def _applied(state: _State, oid: str, trans_id: str) -> tuple[int, bytes]:
    """An operation's approval, unless the tests asked for its answer to be lost."""
    if state.answers_to_drop:
        state.answers_to_drop -= 1
        return ANSWER_LOST
    return 200, _xml(OrderId=oid, Response="Approved", ProcReturnCode="00", TransId=trans_id, ErrMsg="")


def _api(state: _State, body: bytes) -> tuple[int, bytes]:
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return 400, _error("", "Not an XML CC5Request.")
    text = {child.tag: (child.text or "").strip() for child in root}
    oid = text.get("OrderId", "")
    if (text.get("Name"), text.get("Password"), text.get("ClientId")) != (
        state.api_user, state.api_password, state.client_id,
    ):  # fmt: skip
        return 200, _error(oid, "Authentication failed.")
    with state.lock:
        order = state.orders.get(oid)
        if root.findtext("Extra/ORDERSTATUS", "").strip().upper() == "QUERY":
            return 200, _status(oid, order)
        if order is None:
            return 200, _error(oid, f"No record found for {oid}.")
        kind = text.get("Type", "")
        if kind == "PostAuth":
            if order.status != "PA":
                return 200, _error(oid, "Nothing authorised to capture.")
            order.status = "C"
        elif kind == "Void":
            if order.status not in ("PA", "C"):
                return 200, _error(oid, "Nothing to void.")
            order.status = "V"
        elif kind == "Credit":
            total = Decimal(text.get("Total") or "0")
            if order.status not in ("C", "R") or total <= 0 or order.refunded + total > order.amount:
                return 200, _error(oid, "Credit refused: more than what is captured and not refunded.")
            order.refunded += total
            order.status = "R"
            credit_id = f"{next(state.trans_ids):011d}"
            order.credits.append((credit_id, str(total)))
            return _applied(state, oid, credit_id)
        else:
            return 200, _error(oid, f"Unknown Type {kind!r}.")
        return _applied(state, oid, order.trans_id)


def _status(oid: str, order: CmiOrder | None) -> bytes:
    if order is None:
        return _xml(OrderId=oid, Response="Error", ProcReturnCode="99", ErrMsg=f"No record found for {oid}.",
                    TransId="", Extra={"TRANS_STAT": "N"})  # fmt: skip
    extra = {
        "TRANS_STAT": order.status,
        "ORIG_TRANS_AMT": f"{order.amount:.2f}",
        "CAPTURE_AMT": f"{order.amount:.2f}" if order.status in ("C", "R") else "0.00",
        # The credited total: our guess at Nestpay's name (payments.providers.cmi.REFUNDED_TOTAL).
        "REFUND_AMT": f"{order.refunded:.2f}",
        "CURRENCY": order.form.get("currency", ""),
    }
    return _xml(OrderId=oid, Response=order.response or "Error", ProcReturnCode=order.proc_return_code,
                TransId=order.trans_id, ErrMsg=order.err_msg, AuthCode=order.auth_code, Extra=extra)  # fmt: skip


# --- HTTP ------------------------------------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    state: _State
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # quiet: tests and `make run` have their own logs
        pass

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _answer(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, value) -> None:
        self._answer(status, json.dumps(value, default=str).encode(), "application/json")

    def do_GET(self):
        path = urllib.parse.urlsplit(self.path).path
        if path.startswith("/_control/orders/"):
            order = self.state.orders.get(urllib.parse.unquote(path.rsplit("/", 1)[-1]))
            if order is None:
                return self._json(404, {"error": "unknown order"})
            return self._json(200, {"oid": order.oid, "status": order.status, "trans_id": order.trans_id,
                                    "amount": order.amount, "refunded": order.refunded})  # fmt: skip
        if path == "/_control/deliveries":
            return self._json(200, [delivery.__dict__ for delivery in self.state.deliveries])
        if path == "/":
            return self._answer(200, _page("Local CMI emulator: POST your form to /fim/est3Dgate."), "text/html")
        return self._json(404, {"error": "not found"})

    def do_POST(self):
        path = urllib.parse.urlsplit(self.path).path
        body = self._body()
        if path.startswith("/_control/"):
            return self._control(path, body)
        if path == "/fim/api":
            status, answer = _api(self.state, body)
            if (status, answer) == ANSWER_LOST:
                self.close_connection = True
                return None
            return self._answer(status, answer, "text/xml; charset=utf-8")
        form = dict(urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        pages = {"/fim/est3Dgate": _gate, "/fim/est3Dgate/pay": _pay, "/fim/est3Dgate/challenge": _challenge}
        if path not in pages:
            return self._json(404, {"error": "not found"})
        return self._answer(*pages[path](self.state, form), "text/html; charset=utf-8")

    def _control(self, path: str, body: bytes) -> None:
        try:
            settings = json.loads(body or b"{}")
            if path == "/_control/callbacks":
                _callbacks_set(self.state, settings)
                return self._json(200, self.state.mode)
            if path == "/_control/answers":
                _answers_set(self.state, settings)
                return self._json(200, {"drop": self.state.answers_to_drop})
            if path == "/_control/release":
                return self._json(200, {"released": _release(self.state, reverse=bool(settings.get("reverse")))})
            if path == "/_control/reset":
                self.state.reset()
                return self._json(200, {"reset": True})
        except (ValueError, TypeError) as error:
            return self._json(400, {"error": str(error)})
        return self._json(404, {"error": "not found"})


def main() -> None:
    parser = argparse.ArgumentParser(description="Run a local CMI emulator on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=8421)
    parser.add_argument("--client-id", default=CLIENT_ID)
    parser.add_argument("--store-key", default=STORE_KEY)
    args = parser.parse_args()
    server = LocalCmi(args.port, client_id=args.client_id, store_key=args.store_key).start()
    print(f"local CMI on {server.url}: hosted page {server.gateway_url}, API {server.api_url}", flush=True)
    try:
        server._thread.join()
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
