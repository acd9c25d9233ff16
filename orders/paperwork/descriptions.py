"""What a line's goods are, in the words customs ask for: the material and
the use, not the shop's title ("Glazed earthenware tableware (cooking and
serving dishes), handmade", then the title in brackets).

The description follows the line's HS code, a snapshot taken when the order
was placed (orders.OrderLine.hs_code): the code already says what the piece
is made of and what it is for, which is why the trade rules tie the two
(/work/shared/reference/hs-codes.md lists the codes of the craft categories;
the seeded categories' defaults and the demo's overrides are all here). A
six-digit code is looked up first, then its four-digit heading; a code known
to neither gives no description, and the line is described by its title
alone, as before.

The wordings are translated like the rest of the documents (gettext, context
"customs description"): render.py reads them with the document's language
active, so a French invoice says "Vaisselle en terre cuite émaillée ..."."""

from django.utils.translation import pgettext_lazy

# The context is written out in every call: makemessages (xgettext) reads
# only literal strings, and dropped every wording when it was a constant.

# HS-6 code, or HS-4 heading → the wording. Keep "material (use), handmade".
DESCRIPTIONS = {
    # Ceramics and zellige
    "6912": pgettext_lazy("customs description", "Ceramic tableware and kitchenware (household use), handmade"),
    "6912.00": pgettext_lazy(
        "customs description", "Glazed earthenware tableware (cooking and serving dishes), handmade"
    ),
    "6913": pgettext_lazy("customs description", "Ceramic ornamental article (decoration), handmade"),
    "6913.90": pgettext_lazy(
        "customs description", "Earthenware ornamental article (decoration, not for food), handmade"
    ),
    "6914": pgettext_lazy("customs description", "Earthenware article (household decoration), handmade"),
    "6907": pgettext_lazy("customs description", "Glazed ceramic tiles (wall and floor covering), handmade"),
    "6907.30": pgettext_lazy(
        "customs description", "Glazed ceramic mosaic tiles, zellige (wall and floor covering), handmade"
    ),
    # Carpets and textiles
    "5701": pgettext_lazy("customs description", "Hand-knotted carpet (floor covering), handmade"),
    "5701.10": pgettext_lazy("customs description", "Hand-knotted wool carpet (floor covering), handmade"),
    "5701.90": pgettext_lazy(
        "customs description", "Hand-knotted carpet of other textile fibres (floor covering), handmade"
    ),
    "5702": pgettext_lazy("customs description", "Woven rug (floor covering), handmade"),
    "5702.10": pgettext_lazy("customs description", "Hand-woven flat rug, kilim (floor covering), handmade"),
    "5705": pgettext_lazy("customs description", "Rag rug of recycled textile strips (floor covering), handmade"),
    "6301": pgettext_lazy("customs description", "Blanket (bedding and decoration), handmade"),
    "6301.20": pgettext_lazy("customs description", "Wool blanket (bedding and decoration), handmade"),
    "6302": pgettext_lazy("customs description", "Household linen (table and bed), handmade"),
    "6302.51": pgettext_lazy("customs description", "Cotton table linen (tablecloth), handmade"),
    "6304": pgettext_lazy("customs description", "Textile furnishing article (cushion cover, throw), handmade"),
    "6304.92": pgettext_lazy(
        "customs description", "Cotton furnishing article, not knitted (cushion cover, throw), handmade"
    ),
    # Clothing
    "6204": pgettext_lazy("customs description", "Women's caftan, woven (garment), handmade"),
    "6204.42": pgettext_lazy("customs description", "Women's caftan of cotton, woven (garment), handmade"),
    "6204.43": pgettext_lazy("customs description", "Women's caftan of synthetic fibres, woven (garment), handmade"),
    "6204.44": pgettext_lazy("customs description", "Women's caftan of artificial fibres, woven (garment), handmade"),
    "6204.49": pgettext_lazy(
        "customs description", "Women's caftan of silk or other textile, woven (garment), handmade"
    ),
    "6104": pgettext_lazy("customs description", "Women's caftan, knitted (garment), handmade"),
    "6211": pgettext_lazy("customs description", "Djellaba, hooded robe (garment), handmade"),
    "6211.32": pgettext_lazy("customs description", "Men's djellaba of cotton, hooded robe (garment), handmade"),
    "6211.33": pgettext_lazy(
        "customs description", "Men's djellaba of synthetic fibres, hooded robe (garment), handmade"
    ),
    "6211.39": pgettext_lazy(
        "customs description", "Men's djellaba of wool or other textile, hooded robe (garment), handmade"
    ),
    # Leather
    "6403": pgettext_lazy("customs description", "Leather footwear (slippers), handmade"),
    "6403.59": pgettext_lazy(
        "customs description", "Leather slippers, babouches, with leather sole (footwear), handmade"
    ),
    "6403.99": pgettext_lazy("customs description", "Leather slippers with rubber or other sole (footwear), handmade"),
    "4202": pgettext_lazy("customs description", "Leather bag or case (carrying personal effects), handmade"),
    "4202.21": pgettext_lazy("customs description", "Handbag with outer surface of leather (bag), handmade"),
    "4202.31": pgettext_lazy("customs description", "Leather pouch (carried in the pocket or handbag), handmade"),
    "4205": pgettext_lazy("customs description", "Leather pouf cover, unstuffed (furnishing), handmade"),
    "9404": pgettext_lazy("customs description", "Stuffed furnishing article (cushion, pouf), handmade"),
    "9404.90": pgettext_lazy("customs description", "Stuffed leather pouf (floor seat, furnishing), handmade"),
    # Metal, lighting, wood, furniture
    "9405": pgettext_lazy("customs description", "Metal lamp or lantern (lighting), handmade"),
    "9405.50": pgettext_lazy(
        "customs description", "Brass or copper lantern for candles (non-electric lighting), handmade"
    ),
    "9405.11": pgettext_lazy(
        "customs description", "Pierced brass or copper electric lamp (ceiling or wall lighting), handmade"
    ),
    "9405.19": pgettext_lazy(
        "customs description", "Pierced brass or copper electric lamp (ceiling or wall lighting), handmade"
    ),
    "7419": pgettext_lazy("customs description", "Brass or copper article (tray, household use), handmade"),
    "7418": pgettext_lazy("customs description", "Copper tableware and kitchenware (basin, tray), handmade"),
    "4420": pgettext_lazy("customs description", "Wooden ornament or box (decoration), handmade"),
    "4420.90": pgettext_lazy("customs description", "Inlaid thuya or cedar wood box (storage box), handmade"),
    "4419": pgettext_lazy("customs description", "Wooden tableware (bowl, serving dish), handmade"),
    "9504.90": pgettext_lazy("customs description", "Wooden board game, chess set (game), handmade"),
    "9403": pgettext_lazy("customs description", "Furniture (household use), handmade"),
    "9403.89": pgettext_lazy("customs description", "Zellige mosaic and iron furniture (table), handmade"),
    # Jewellery, basketry
    "7113": pgettext_lazy("customs description", "Precious-metal jewellery (personal adornment), handmade"),
    "7113.11": pgettext_lazy("customs description", "Silver jewellery (personal adornment), handmade"),
    "7117": pgettext_lazy("customs description", "Base-metal imitation jewellery (personal adornment), handmade"),
    "4602": pgettext_lazy("customs description", "Basketwork of plant materials (storage and carrying), handmade"),
    "4602.19": pgettext_lazy("customs description", "Palm and doum leaf basket (storage and carrying), handmade"),
    # Argan and food
    "1515.90": pgettext_lazy("customs description", "Cold-pressed argan oil (food or cosmetic use)"),
    "3304.99": pgettext_lazy("customs description", "Argan oil cosmetic preparation (skin and hair care)"),
    "3401.20": pgettext_lazy("customs description", "Black soap with argan oil (toilet soap)"),
    "2008.19": pgettext_lazy("customs description", "Amlou, spread of almonds, argan oil and honey (food)"),
}


def customs_description(hs_code: str) -> str:
    """The wording for `hs_code` ("6912.00" or "691200") in the active
    language, or "" when neither the code nor its heading is known."""
    digits = (hs_code or "").replace(".", "").strip()
    for key in (f"{digits[:4]}.{digits[4:6]}", digits[:4]):
        if key in DESCRIPTIONS:
            return str(DESCRIPTIONS[key])
    return ""


def line_description(*, hs_code: str, title: str, options: str = "") -> str:
    """What a document prints for a line: the customs wording, then the shop's
    title (and options) in brackets; the title alone for an unknown code."""
    shop = f"{title} ({options})" if options else title
    customs = customs_description(hs_code)
    # The title isolated (FSI ... PDI): a Latin title inside an Arabic line keeps its own
    # order and its brackets. Invisible, and absent from the PDF's text.
    return f"{customs} [\u2068{shop}\u2069]" if customs else shop
