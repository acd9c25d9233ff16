"""A buyer's app for the demo: buys two pieces from the running marketplace
through its public API and pays by card at the local Stripe emulator, as
Stripe.js would with the client secret. The emulator then sends its signed
webhook to the marketplace, which marks the order paid.

    make pay                       # a good card
    make pay CARD=declined         # a declined card: the order stays awaiting payment
    make pay CARD=3ds              # 3-D Secure, passed
    make pay PROVIDER=cmi          # in dirhams, on the local CMI's hosted page (CARD= as above)

Only for the emulator: card data never goes to a real Souk server.
"""

import argparse
import re
import sys
import time
import uuid

import requests

from devtools import local_cmi

CARDS = {"visa": "pm_card_visa", "declined": "pm_card_chargeCustomerFail", "3ds": "4000002500003155"}
CMI_CARDS = {"visa": local_cmi.CARD_APPROVED, "declined": local_cmi.CARD_DECLINED, "3ds": local_cmi.CARD_3DS}
ADDRESS = {"name": "Claire Martin", "line1": "3 rue Mercière", "city": "Lyon", "postal_code": "69002",
           "country": "FR", "phone": "06 12 34 56 78"}  # fmt: skip
EMULATOR_KEY = "sk_test_souk_demo"


def _in_stock_variants(server: str, count: int) -> list[int]:
    listing = requests.get(f"{server}/api/v1/products/", params={"in_stock": "true"}, timeout=30)
    listing.raise_for_status()
    variant_ids = []
    for card in listing.json()["results"]:
        detail = requests.get(f"{server}/api/v1/products/{card['slug']}/", timeout=30).json()
        variant_ids += [variant["id"] for variant in detail["variants"] if variant["in_stock"]][:1]
        if len(variant_ids) == count:
            break
    if not variant_ids:
        sys.exit("No product in stock: run `make seed` first.")
    return variant_ids


def _checkout(server: str, currency: str = "EUR") -> dict:
    token = None
    for variant_id in _in_stock_variants(server, 2):
        headers = {"X-Cart-Token": token} if token else {}
        answer = requests.post(f"{server}/api/v1/cart/lines/", json={"variant": variant_id, "quantity": 1},
                               headers=headers, timeout=30)  # fmt: skip
        answer.raise_for_status()
        token = answer.json()["token"]
    order = requests.post(
        f"{server}/api/v1/checkout/",
        json={"email": "claire@example.fr", "shipping_address": ADDRESS, "currency": currency},
        headers={"X-Cart-Token": token, "Idempotency-Key": str(uuid.uuid4())},
        timeout=60,
    )
    if order.status_code != 201:
        sys.exit(f"Checkout refused: {order.status_code} {order.text}")
    return order.json()


def _pay(emulator: str, payment: dict, card: str) -> str:
    auth = (EMULATOR_KEY, "")
    method = CARDS[card]
    if card == "3ds":
        created = requests.post(f"{emulator}/v1/payment_methods", auth=auth, timeout=30, data={
            "type": "card", "card[number]": method, "card[exp_month]": "12", "card[exp_year]": "2031",
            "card[cvc]": "123"})  # fmt: skip
        method = created.json()["id"]
    intent = f"{emulator}/v1/payment_intents/{payment['reference']}"
    requests.post(intent, data={"payment_method": method}, auth=auth, timeout=30).raise_for_status()
    confirmed = requests.post(f"{intent}/confirm", auth=auth, timeout=30).json()
    status = confirmed.get("status") or confirmed.get("error", {}).get("message", "refused")
    if status == "requires_action":
        print("  3-D Secure asked; the buyer passes it")
        passed = requests.post(f"{intent}/_authenticate", timeout=30, data={
            "client_secret": payment["client_secret"], "success": "true", "key": "pk_test_souk_demo"})  # fmt: skip
        status = passed.json().get("status", "refused")
    return status


def _pay_at_cmi(payment: dict, card: str) -> str:
    """What the buyer's browser does with the payment's form: post it to CMI's
    hosted page, type the card (and the 3-D Secure code); CMI's callback then
    reaches the marketplace, signed with the store key."""
    form = payment["form"]
    page = requests.post(form["action"], data=form["fields"], timeout=30)
    if page.status_code != 200:
        return f"refused by the page: {page.status_code}"
    session = re.search(r'name="session" value="([^"]+)"', page.text).group(1)
    paid = requests.post(f"{form['action']}/pay", data={"session": session, "pan": CMI_CARDS[card]}, timeout=60)
    if card == "3ds":
        print("  3-D Secure asked; the buyer types the code")
        paid = requests.post(f"{form['action']}/challenge", data={"session": session, "code": local_cmi.CHALLENGE_CODE},
                             timeout=60)  # fmt: skip
    return "approved" if "Approved." in paid.text else "declined"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="http://127.0.0.1:8000")
    parser.add_argument("--emulator", default="http://127.0.0.1:8420")
    parser.add_argument("--card", choices=sorted(CARDS), default="visa")
    parser.add_argument("--provider", choices=["stripe", "cmi"], default="stripe")
    args = parser.parse_args()

    placed = _checkout(args.server, currency="MAD" if args.provider == "cmi" else "EUR")
    order, payment = placed["order"], placed["payment"]
    if payment is None:
        sys.exit(f"Order {order['number']} placed but no payment: {placed['payment_error']}")
    print(f"Order {order['number']}: {order['total']['formatted']}, paying with {args.card}")
    if payment["provider"] == "cmi":
        print(f"  card on CMI's hosted page: {_pay_at_cmi(payment, args.card)}")
    else:
        print(f"  card at the emulator: {_pay(args.emulator, payment, args.card)}")
    follow = f"{args.server}/api/v1/orders/{order['number']}/"
    status = order["status"]
    for _ in range(30):  # the emulator's webhook comes about a second later
        time.sleep(0.5)
        status = requests.get(follow, params={"token": placed["access_token"]}, timeout=30).json()["status"]
        if status != "awaiting_payment":
            break
    print(f"  order status: {status}")
    print(f"  follow it: {follow}?token={placed['access_token']}")


if __name__ == "__main__":
    main()
