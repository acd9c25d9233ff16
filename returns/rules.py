"""Who bears the loss of a refunded return or claim: the one rule, written once.

| kind of request          | the parcel was insured | outcome                              | loss borne by |
|--------------------------|------------------------|--------------------------------------|---------------|
| damage claim (breakage)  | yes                    | any (refunded with or without return) | the insurer   |
| damage claim (breakage)  | no                     | any                                  | the platform  |
| return (the buyer's own) | either                 | restocked, written off, or refunded without return | the artisan |

Why: breakage happens in transit, after the artisan handed over a parcel
that the marketplace's carrier accepted; the insurer pays when the buyer
bought the insurance, otherwise the platform (which chose the carrier) does.
A return for the buyer's own reasons is the artisan's sale undone: the goods
come back to their stock (restocked), or they chose to take them back as a
loss (written off) or not to take them back at all (refunded without return).

The ledger follows the bearer (payments.ledger.refund_post): the artisan's
account pays as for any refund (less the commission given back); the
platform's or the insurance account pays the whole line otherwise, and the
artisan keeps the sale.
"""

from payments.models import LossBearer
from returns.models import ReturnKind


def loss_bearer_for(*, kind: str, insured: bool) -> LossBearer:
    if kind == ReturnKind.DAMAGE:
        return LossBearer.INSURER if insured else LossBearer.PLATFORM
    return LossBearer.ARTISAN


def parcel_insured(artisan_order) -> bool:
    """The buyer insured this parcel at checkout (orders: ArtisanOrder.insured)."""
    return artisan_order.insured
