"""Generated demo products: word lists per category and a generator for
any number of realistic products. Written in bulk, in batches of BATCH_SIZE
rows per table and one transaction per batch, with the list-ready copies
(min_price_mad, total_stock, thumbnail) services would have set.

Generated product number i is a pure function of i (its own seeded random
generator): its slug is known before anything is written, and `--products
20000` after `--products 10000` adds products 10,001 to 20,000."""

import random
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from artisans.models import ArtisanProfile
from catalog.models import Category, Material, Product, ProductPhoto, ProductStatus, Variant, normalise_hs_code
from demo.makers import (
    AZILAL,
    AZROU,
    ESSAOUIRA,
    FES_SFIFA,
    FES_ZELLIGE,
    LANGUAGES,
    MARRAKECH,
    SAFI,
    TAMANAR,
    TIZNIT,
    verified_makers,
)
from demo.photos import product_photo_rows

BATCH_SIZE = 1000

# --- word lists per category ---------------------------------------------


@dataclass(frozen=True)
class Kind:
    name: tuple[str, str, str, str]  # en, fr, es, ar
    category: str
    motifs: tuple[str, ...]
    materials: tuple[str, ...]
    price: tuple[int, int]  # MAD, for the smallest variant
    weight_grams: int
    size_cm: tuple[float, float, float]
    axis: str  # key of AXES: what the variants differ in
    hs_code: str = ""  # empty: the category's


@dataclass(frozen=True)
class Place:
    name: tuple[str, str, str, str]
    inside: tuple[str, str, str, str]  # "in Safi", "à Safi"...
    maker: str  # e-mail of the demo artisan who works there


@dataclass(frozen=True)
class Group:
    share: int  # products in every 25 (the export mix, in 4 % steps)
    kinds: tuple[Kind, ...]
    places: tuple[Place, ...]
    styles: tuple[tuple[str, str, str, str], ...]
    techniques: tuple[tuple[str, str, str, str], ...]
    details: tuple[tuple[str, str, str, str], ...]
    care: tuple[str, str, str, str]
    made_to_order: float = 0.08  # share of products made to order
    lead_time_days: tuple[int, int] = (7, 21)
    stock: tuple[int, int] = (2, 30)


# axis: [(options, price factor)]; the variants of a product are 1-3 neighbours.
AXES = {
    "diameter": [({"diameter": f"{cm} cm"}, factor) for cm, factor in ((20, 0.8), (26, 1.0), (32, 1.35), (38, 1.8))],
    "height": [({"height": f"{cm} cm"}, factor) for cm, factor in ((25, 1.0), (35, 1.5), (45, 2.1))],
    "pieces": [({"pieces": str(count)}, factor) for count, factor in ((2, 0.55), (4, 1.0), (6, 1.45))],
    "rug": [({"size": size}, factor) for size, factor in
            (("120 × 180 cm", 1.0), ("160 × 230 cm", 1.7), ("200 × 300 cm", 2.8), ("250 × 350 cm", 4.0))],
    "runner": [({"size": size}, factor) for size, factor in (("70 × 250 cm", 1.0), ("80 × 350 cm", 1.5))],
    "clothing": [({"size": size}, factor) for size, factor in (("S", 1.0), ("M", 1.0), ("L", 1.0), ("XL", 1.08))],
    "shoe": [({"size": str(size)}, 1.0) for size in range(37, 46)],
    "leather": [({"colour": colour}, factor) for colour, factor in
                (("tan", 1.0), ("cognac", 1.0), ("black", 1.05), ("saffron", 1.0))],
    "tray": [({"diameter": f"{cm} cm"}, factor) for cm, factor in ((40, 1.0), (50, 1.4), (60, 1.9))],
    "box": [({"length": f"{cm} cm"}, factor) for cm, factor in ((12, 1.0), (18, 1.6), (25, 2.4))],
    "board": [({"size": f"{cm} cm"}, factor) for cm, factor in ((35, 1.0), (45, 1.45))],
    "finish": [({"finish": finish}, factor) for finish, factor in
               (("polished", 1.0), ("oxidised", 1.0), ("with enamel", 1.25))],
    "table": [({"diameter": f"{cm} cm"}, factor) for cm, factor in ((60, 1.0), (80, 1.45), (100, 2.0))],
    "area": [({"area": f"{m2} m²"}, m2) for m2 in (1, 2, 4)],
    "single": [({"size": "one size"}, 1.0)],
    "cushion": [({"size": size}, factor) for size, factor in (("40 × 40 cm", 1.0), ("50 × 50 cm", 1.25))],
    "throw": [({"size": size}, factor) for size, factor in (("100 × 200 cm", 1.0), ("150 × 250 cm", 1.5))],
    "basket": [({"size": size}, factor) for size, factor in (("S", 1.0), ("M", 1.4), ("L", 1.9))],
    "volume": [({"volume": volume}, factor) for volume, factor in (("50 ml", 1.0), ("100 ml", 1.8), ("250 ml", 3.9))],
    "jar": [({"weight": weight}, factor) for weight, factor in (("250 g", 1.0), ("500 g", 1.8))],
}  # fmt: skip


def _place(name, inside, maker):
    return Place(name, inside, maker)


SAFI_PLACE = _place(("Safi", "Safi", "Safi", "آسفي"), ("in Safi", "à Safi", "en Safi", "في آسفي"), SAFI)
FES_POTTERY = _place(("Fes", "Fès", "Fez", "فاس"), ("in Fes", "à Fès", "en Fez", "في فاس"), FES_ZELLIGE)
FES_SEWING = _place(("Fes", "Fès", "Fez", "فاس"), ("in Fes", "à Fès", "en Fez", "في فاس"), FES_SFIFA)
AZILAL_PLACE = _place(("Azilal", "Azilal", "Azilal", "أزيلال"), ("in Azilal", "à Azilal", "en Azilal", "في أزيلال"),
                      AZILAL)  # fmt: skip
MIDDLE_ATLAS = _place(
    ("Middle Atlas", "Moyen Atlas", "Atlas Medio", "الأطلس المتوسط"),
    ("in the Middle Atlas", "dans le Moyen Atlas", "en el Atlas Medio", "في الأطلس المتوسط"), AZROU,
)  # fmt: skip
MARRAKECH_PLACE = _place(("Marrakech", "Marrakech", "Marrakech", "مراكش"),
                         ("in Marrakech", "à Marrakech", "en Marrakech", "في مراكش"), MARRAKECH)  # fmt: skip
TIZNIT_PLACE = _place(("Tiznit", "Tiznit", "Tiznit", "تيزنيت"), ("in Tiznit", "à Tiznit", "en Tiznit", "في تيزنيت"),
                      TIZNIT)  # fmt: skip
ESSAOUIRA_PLACE = _place(("Essaouira", "Essaouira", "Esauira", "الصويرة"),
                         ("in Essaouira", "à Essaouira", "en Esauira", "في الصويرة"), ESSAOUIRA)  # fmt: skip
TAMANAR_PLACE = _place(("Tamanar", "Tamanar", "Tamanar", "تمنار"),
                       ("in Tamanar", "à Tamanar", "en Tamanar", "في تمنار"), TAMANAR)  # fmt: skip

GROUPS = {
    "pottery": Group(
        9,
        (
            Kind(("tagine", "tajine", "tajín", "طاجين"), "tagines-tableware",
                 ("tagine-cobalt", "tagine-green", "tagine-amazigh"), ("clay",), (160, 420), 1800, (28, 28, 24),
                 "diameter"),
            Kind(("serving platter", "plat de service", "fuente", "طبق تقديم"), "tagines-tableware",
                 ("plate-fes-blue", "plate-safi-ochre"), ("clay",), (120, 380), 1400, (34, 34, 5), "diameter"),
            Kind(("set of bowls", "service de bols", "juego de cuencos", "طقم أوعية"), "tagines-tableware",
                 ("bowls-safi",), ("clay",), (140, 360), 1500, (14, 14, 7), "pieces"),
            Kind(("vase", "vase", "jarrón", "مزهرية"), "decorative-ceramics",
                 ("vase-green", "vase-lustre", "vase-fes-blue"), ("clay",), (250, 900), 2200, (20, 20, 32), "height"),
            Kind(("wall plate", "assiette murale", "plato de pared", "صحن حائطي"), "decorative-ceramics",
                 ("plate-lustre", "plate-fes-blue", "plate-safi-ochre"), ("clay",), (200, 650), 1100, (32, 32, 4),
                 "diameter"),
            Kind(("lidded jar", "pot à couvercle", "tarro con tapa", "جرة بغطاء"), "decorative-ceramics",
                 ("vase-fes-blue", "vase-lustre"), ("clay",), (220, 780), 1500, (18, 18, 24), "height"),
        ),
        (SAFI_PLACE, SAFI_PLACE, FES_POTTERY),
        (
            ("with Amazigh motifs", "à motifs amazighs", "con motivos amazighes", "بزخارف أمازيغية"),
            ("with cobalt arabesques", "aux arabesques de cobalt", "con arabescos de cobalto", "بتوريقات كوبالتية"),
            ("in green glaze", "à l'émail vert", "con esmalte verde", "بطلاء أخضر"),
            ("with geometric patterns", "à motifs géométriques", "con motivos geométricos", "بنقوش هندسية"),
            ("with floral patterns", "à motifs floraux", "con motivos florales", "بزخارف نباتية"),
            ("with metallic lustre", "à reflets métalliques", "con reflejos metálicos", "ببريق معدني"),
            (", ochre and black", ", ocre et noir", ", ocre y negro", "، أصفر مغري وأسود"),
        ),
        (
            ("thrown on the wheel from local clay and fired in a wood kiln",
             "tourné dans l'argile locale et cuit au four à bois",
             "torneado con arcilla local y cocido en horno de leña",
             "مشكّل على الدولاب من طين محلي ومطهو في فرن الحطب"),
            ("painted with a fine brush and glazed without lead", "peint au pinceau fin et émaillé sans plomb",
             "pintado con pincel fino y esmaltado sin plomo", "مرسوم بريشة دقيقة ومطلي بطلاء خالٍ من الرصاص"),
        ),
        (
            ("The lead-free glaze is safe for food.", "L'émail sans plomb convient au contact alimentaire.",
             "El esmalte sin plomo es apto para alimentos.", "الطلاء خالٍ من الرصاص وصالح للطعام."),
            ("The decoration is painted freehand, without a stencil.", "Le décor est peint à main levée, sans pochoir.",
             "La decoración se pinta a mano alzada, sin plantilla.", "تُرسم الزخرفة بيد حرة دون قالب."),
        ),
        ("Wash by hand; avoid sudden changes of temperature.", "Lavage à la main ; éviter les chocs thermiques.",
         "Lavar a mano; evitar los cambios bruscos de temperatura.",
         "يُغسل باليد، ويُتجنب تعريضه لتغير مفاجئ في الحرارة."),
    ),
    "carpets": Group(
        5,
        (
            Kind(("hand-knotted rug", "tapis noué main", "alfombra anudada a mano", "زربية معقودة يدوياً"),
                 "knotted-carpets", ("rug-azilal", "rug-beni-mguild", "rug-beni-ourain"), ("wool",), (2500, 7000),
                 9000, (230, 160, 1.5), "rug"),
            Kind(("runner", "tapis de couloir", "alfombra de pasillo", "زربية ممر"), "knotted-carpets",
                 ("rug-beni-ourain", "rug-azilal"), ("wool",), (1800, 4200), 5000, (250, 70, 1.5), "runner"),
            Kind(("kilim", "kilim", "kilim", "حنبل"), "kilims", ("kilim-stripes",), ("wool", "cotton"), (1200, 3800),
                 5500, (180, 120, 0.5), "rug"),
            Kind(("boucherouite rug", "tapis boucherouite", "alfombra boucherouite", "زربية بوشرويط"),
                 "knotted-carpets", ("rug-boucherouite",), ("cotton",), (900, 2400), 4000, (180, 120, 1.5), "rug",
                 hs_code="5705.00"),
        ),
        (AZILAL_PLACE, MIDDLE_ATLAS),
        (
            ("with black lozenges", "à losanges noirs", "con rombos negros", "بمعينات سوداء"),
            (", saffron and indigo", ", safran et indigo", ", azafrán e índigo", "، زعفراني ونيلي"),
            ("with Amazigh symbols", "aux symboles amazighs", "con símbolos amazighes", "برموز أمازيغية"),
            ("in undyed wool", "en laine non teinte", "de lana sin teñir", "من الصوف غير المصبوغ"),
            ("with zigzag bands", "à bandes en zigzag", "con franjas en zigzag", "بأشرطة متعرجة"),
            (", madder red", ", rouge garance", ", rojo rubia", "، أحمر فوّي"),
        ),
        (
            ("on a vertical loom, in hand-spun sheep's wool", "sur métier vertical, en laine de mouton filée à la main",
             "en telar vertical, con lana de oveja hilada a mano", "على منسج عمودي، من صوف الغنم المغزول يدوياً"),
            ("in wool coloured with henna, madder and indigo",
             "en laine teinte au henné, à la garance et à l'indigo",
             "con lana teñida con henna, rubia e índigo", "من صوف مصبوغ بالحناء والفوة والنيلة"),
        ),
        (
            ("Every rug is a single piece: the weaver chooses her signs as she goes.",
             "Chaque tapis est unique : la tisserande choisit ses signes au fil du travail.",
             "Cada alfombra es única: la tejedora elige sus signos sobre la marcha.",
             "كل زربية فريدة: تختار النساجة رموزها أثناء العمل."),
            ("It takes one weaver about a month for each square metre.",
             "Il faut environ un mois à une tisserande pour chaque mètre carré.",
             "Una tejedora tarda alrededor de un mes por cada metro cuadrado.",
             "تحتاج النساجة نحو شهر لكل متر مربع."),
        ),
        ("Vacuum without the beater brush; have it cleaned by a professional.",
         "Aspirer sans brosse rotative ; nettoyage par un professionnel.",
         "Aspirar sin cepillo giratorio; limpieza profesional.", "يُنظف بالمكنسة دون فرشاة دوارة، ويُغسل لدى مختص."),
        made_to_order=0.3, lead_time_days=(30, 75), stock=(1, 3),
    ),
    "clothing": Group(
        3,
        (
            Kind(("caftan", "caftan", "caftán", "قفطان"), "caftans", ("caftan-emerald", "caftan-saffron"),
                 ("silk", "cotton"), (1800, 5500), 900, (120, 60, 3), "clothing"),
            Kind(("takchita", "takchita", "takchita", "تكشيطة"), "caftans", ("caftan-emerald", "caftan-saffron"),
                 ("silk",), (2800, 7500), 1300, (125, 60, 4), "clothing"),
            Kind(("djellaba", "djellaba", "chilaba", "جلابة"), "djellabas", ("djellaba-wool", "djellaba-indigo"),
                 ("wool",), (700, 2400), 1100, (140, 60, 3), "clothing"),
            Kind(("gandoura", "gandoura", "gandura", "قندورة"), "djellabas", ("djellaba-indigo", "djellaba-wool"),
                 ("cotton",), (350, 900), 500, (130, 55, 2), "clothing"),
        ),
        (FES_SEWING,),
        (
            ("with hand-braided sfifa", "à sfifa tressée main", "con sfifa trenzada a mano", "بسفيفة مضفورة يدوياً"),
            (", emerald green", ", vert émeraude", ", verde esmeralda", "، أخضر زمردي"),
            ("with gold embroidery", "à broderies dorées", "con bordados dorados", "بتطريز ذهبي"),
            (", midnight blue", ", bleu nuit", ", azul noche", "، أزرق ليلي"),
            ("with aakad buttons", "à boutons aakad", "con botones aakad", "بأزرار العقاد"),
            (", ivory", ", ivoire", ", marfil", "، عاجي"),
        ),
        (
            ("cut and sewn by hand, the seams finished with traditional needlework",
             "coupé et cousu à la main, coutures finies au point traditionnel",
             "cortado y cosido a mano, con las costuras rematadas a punto tradicional",
             "مفصّل ومخيط يدوياً، بدرزات مشطّبة بالغرزة التقليدية"),
            ("with the trim braided and the buttons knotted by hand", "avec sfifa tressée et boutons noués à la main",
             "con el ribete trenzado y los botones anudados a mano",
             "بسفيفة مضفورة وأزرار معقودة يدوياً"),
        ),
        (
            ("The cut is generous: take your usual size.", "La coupe est ample : prenez votre taille habituelle.",
             "El corte es amplio: elija su talla habitual.", "القَصّة واسعة: اختر مقاسك المعتاد."),
            ("Other colours can be sewn to order.", "D'autres couleurs peuvent être cousues sur commande.",
             "Se pueden coser otros colores por encargo.", "يمكن خياطة ألوان أخرى حسب الطلب."),
        ),
        ("Dry clean or hand wash cold.", "Nettoyage à sec ou lavage à la main à froid.",
         "Limpieza en seco o lavado a mano en frío.", "تنظيف جاف أو غسل يدوي بالماء البارد."),
        made_to_order=0.25, lead_time_days=(14, 35), stock=(1, 10),
    ),
    "leather": Group(
        1,
        (
            Kind(("babouches", "babouches", "babuchas", "بلغة"), "babouches",
                 ("babouche-yellow", "babouche-embroidered"), ("leather",), (180, 480), 500, (29, 11, 8), "shoe"),
            Kind(("leather tote bag", "cabas en cuir", "bolso cabás de cuero", "حقيبة جلدية"), "leather-bags",
                 ("bag-tan",), ("leather", "cotton"), (450, 1600), 900, (40, 12, 32), "leather"),
            Kind(("leather pouch", "pochette en cuir", "bolso de mano de cuero", "محفظة جلدية"), "leather-bags",
                 ("bag-tan",), ("leather",), (150, 450), 250, (24, 3, 16), "leather", hs_code="4202.31"),
            Kind(("leather pouf", "pouf en cuir", "puf de cuero", "بوف جلدي"), "poufs", ("pouf-brown",),
                 ("leather",), (450, 1100), 1700, (55, 55, 30), "leather", hs_code="4205.00"),
        ),
        (MARRAKECH_PLACE,),
        (
            (", saffron yellow", ", jaune safran", ", amarillo azafrán", "، أصفر زعفراني"),
            ("with hand embroidery", "à broderie main", "con bordado a mano", "بتطريز يدوي"),
            ("in natural tan leather", "en cuir fauve naturel", "de cuero natural", "من الجلد الطبيعي"),
            ("with Amazigh stitching", "à coutures amazighes", "con costuras amazighes", "بخياطة أمازيغية"),
        ),
        (
            ("in goat leather tanned with plant dyes in the old tanneries",
             "en cuir de chèvre tanné aux végétaux dans les anciennes tanneries",
             "en cuero de cabra curtido con tintes vegetales en las antiguas curtidurías",
             "من جلد الماعز المدبوغ بمواد نباتية في الدباغات العتيقة"),
        ),
        (
            ("The leather is cut, stitched and finished in one workshop.",
             "Le cuir est coupé, cousu et fini dans un seul atelier.",
             "El cuero se corta, se cose y se acaba en un mismo taller.", "يُقص الجلد ويُخاط ويُشطّب في ورشة واحدة."),
        ),
        ("Feed the leather with a neutral wax; keep it away from rain.",
         "Nourrir le cuir avec une cire neutre ; éviter la pluie.",
         "Nutrir el cuero con cera neutra; evitar la lluvia.", "يُغذى الجلد بشمع محايد ويُبعد عن المطر."),
    ),
    "metalwork": Group(
        1,
        (
            Kind(("lantern", "lanterne", "farol", "فانوس"), "metalwork", ("lantern-brass",), ("brass",), (350, 1200),
                 1500, (20, 20, 45), "height"),
            Kind(("tea tray", "plateau à thé", "bandeja de té", "صينية شاي"), "metalwork", ("tray-brass",),
                 ("brass",), (400, 1100), 2000, (40, 40, 3), "tray", hs_code="7419.80"),
            Kind(("copper basin", "bassine en cuivre", "palangana de cobre", "طست نحاسي"), "metalwork",
                 ("tray-brass",), ("copper",), (500, 1400), 2500, (40, 40, 12), "tray", hs_code="7418.10"),
        ),
        (MARRAKECH_PLACE,),
        (
            ("with star piercings", "aux ajours en étoiles", "con calados de estrellas", "بثقوب نجمية"),
            ("with hand-chased arabesques", "aux arabesques ciselées main", "con arabescos cincelados a mano",
             "بتوريقات منقوشة يدوياً"),
            ("with geometric piercings", "aux ajours géométriques", "con calados geométricos", "بثقوب هندسية"),
            ("with an aged patina", "à patine ancienne", "con pátina antigua", "بلون عتيق"),
        ),
        (
            ("hammered, pierced and chased by hand", "martelé, ajouré et ciselé à la main",
             "martillado, calado y cincelado a mano", "مطروق ومخرّم ومنقوش يدوياً"),
        ),
        (
            ("Each motif is drawn on the metal before it is cut.",
             "Chaque motif est tracé sur le métal avant d'être découpé.",
             "Cada motivo se dibuja en el metal antes de cortarlo.", "يُرسم كل نقش على المعدن قبل قصّه."),
        ),
        ("Polish with a dry cloth; brass darkens gracefully with time.",
         "Polir avec un chiffon sec ; le laiton se patine avec le temps.",
         "Pulir con un paño seco; el latón adquiere pátina con el tiempo.",
         "يُلمّع بقطعة قماش جافة، ويكتسب النحاس لوناً عتيقاً مع الزمن."),
    ),
    "woodwork": Group(
        1,
        (
            Kind(("jewellery box", "coffret à bijoux", "joyero", "علبة مجوهرات"), "woodwork", ("thuya-box",),
                 ("thuya",), (150, 500), 450, (12, 8, 6), "box"),
            Kind(("chessboard", "échiquier", "tablero de ajedrez", "رقعة شطرنج"), "woodwork", ("thuya-chess",),
                 ("thuya", "cedar"), (600, 1600), 1800, (35, 35, 4), "board", hs_code="9504.90"),
            Kind(("salad bowl", "saladier", "ensaladera", "سلطانية"), "woodwork", ("thuya-box",), ("thuya",),
                 (200, 520), 700, (24, 24, 10), "diameter", hs_code="4419.90"),
        ),
        (ESSAOUIRA_PLACE,),
        (
            ("with lemonwood marquetry", "à marqueterie de citronnier", "con marquetería de limonero",
             "بترصيع من خشب الليمون"),
            ("in thuya burl", "en loupe de thuya", "de raíz de tuya", "من جذور العرعار"),
            ("with mother-of-pearl inlay", "à incrustations de nacre", "con incrustaciones de nácar", "بتطعيم الصدف"),
            ("with ebony stringing", "à filets d'ébène", "con filetes de ébano", "بخيوط من الأبنوس"),
        ),
        (
            ("turned and polished from the burl of the thuya, a tree that grows only around Essaouira",
             "tourné et poli dans la loupe du thuya, arbre qui ne pousse qu'autour d'Essaouira",
             "torneado y pulido en raíz de tuya, árbol que solo crece alrededor de Esauira",
             "مخروط ومصقول من جذور العرعار، الشجرة التي لا تنمو إلا حول الصويرة"),
        ),
        (
            ("The wood keeps a light scent of cedar.", "Le bois garde un léger parfum de cèdre.",
             "La madera conserva un ligero aroma a cedro.", "يحتفظ الخشب برائحة خفيفة من الأرز."),
        ),
        ("Wipe with a dry cloth; a drop of oil brings the grain back to life.",
         "Essuyer avec un chiffon sec ; une goutte d'huile ravive le veinage.",
         "Limpiar con un paño seco; una gota de aceite reaviva la veta.",
         "يُمسح بقطعة قماش جافة، وقطرة زيت تعيد الحياة إلى عروق الخشب."),
    ),
    "jewellery": Group(
        1,
        (
            Kind(("fibula", "fibule", "fíbula", "مشبك"), "jewellery", ("fibula-silver",), ("silver",), (600, 2400),
                 120, (12, 6, 1), "finish"),
            Kind(("cuff bracelet", "bracelet manchette", "brazalete", "سوار"), "jewellery", ("bracelet-silver",),
                 ("silver",), (450, 1600), 80, (7, 6, 4), "finish"),
            Kind(("necklace", "collier", "collar", "قلادة"), "jewellery", ("fibula-silver",), ("silver",),
                 (700, 3000), 150, (45, 3, 1), "finish"),
            Kind(("pair of earrings", "paire de boucles d'oreilles", "par de pendientes", "زوج أقراط"), "jewellery",
                 ("bracelet-silver", "fibula-silver"), ("silver",), (250, 900), 30, (5, 2, 1), "finish"),
        ),
        (TIZNIT_PLACE,),
        (
            ("with cloisonné enamel", "à l'émail cloisonné", "con esmalte cloisonné", "بالمينا المحجّرة"),
            ("with engraved Amazigh symbols", "aux symboles amazighs gravés", "con símbolos amazighes grabados",
             "برموز أمازيغية منقوشة"),
            ("with coral beads", "aux perles de corail", "con cuentas de coral", "بحبات المرجان"),
            ("with amazonite", "à l'amazonite", "con amazonita", "بحجر الأمازونيت"),
        ),
        (
            ("cast and chased in solid silver in the Tiznit tradition",
             "coulé et ciselé en argent massif selon la tradition de Tiznit",
             "fundido y cincelado en plata maciza según la tradición de Tiznit",
             "مصبوب ومنقوش من الفضة الخالصة وفق تقاليد تيزنيت"),
        ),
        (
            ("The silver is hallmarked by the Moroccan assay office.",
             "L'argent est poinçonné par le bureau de garantie marocain.",
             "La plata lleva el contraste de la oficina de garantía marroquí.",
             "الفضة مدموغة من مصلحة الضمان المغربية."),
        ),
        ("Store in its pouch; polish with a silver cloth.",
         "À ranger dans sa pochette ; à lustrer avec un chiffon pour argent.",
         "Guardar en su bolsita; pulir con un paño para plata.", "يُحفظ في كيسه ويُلمّع بقطعة قماش خاصة بالفضة."),
    ),
    "zellige": Group(
        1,
        (
            Kind(("mosaic table", "table en zellige", "mesa de zellige", "طاولة زليج"), "zellige",
                 ("zellige-table",), ("clay",), (2800, 6500), 25000, (60, 60, 45), "table", hs_code="9403.89"),
            Kind(("zellige panel", "panneau de zellige", "panel de zellige", "لوحة زليج"), "zellige",
                 ("zellige-green", "zellige-blue"), ("clay",), (900, 1600), 28000, (100, 100, 1.5), "area"),
            Kind(("wall fountain", "fontaine murale", "fuente de pared", "نافورة حائطية"), "zellige",
                 ("zellige-blue", "zellige-green"), ("clay",), (4500, 12000), 60000, (80, 35, 120), "single",
                 hs_code="6914.90"),
        ),
        (FES_POTTERY,),
        (
            ("with eight-pointed stars", "à étoiles à huit branches", "con estrellas de ocho puntas", "بنجوم ثمانية"),
            (", emerald and white", ", vert émeraude et blanc", ", verde esmeralda y blanco", "، أخضر زمردي وأبيض"),
            (", cobalt and honey", ", cobalt et miel", ", cobalto y miel", "، كوبالتي وعسلي"),
            ("with a rosette", "à rosace", "con rosetón", "بزخرفة الوردة"),
        ),
        (
            ("cut tile by tile with the menqach hammer from glazed Fes clay",
             "taillé pièce par pièce au marteau menqach dans la terre émaillée de Fès",
             "tallado pieza a pieza con el martillo menqach en barro esmaltado de Fez",
             "مقطّع قطعة قطعة بالمنقاش من طين فاس المطلي"),
        ),
        (
            ("The pieces are set face down, then cast in mortar.",
             "Les pièces sont posées face contre terre, puis coulées dans le mortier.",
             "Las piezas se colocan boca abajo y luego se vierten en mortero.",
             "تُصفّ القطع مقلوبة ثم تُصب في الملاط."),
        ),
        ("Clean with water and black soap; seal the joints once a year outdoors.",
         "Nettoyer à l'eau et au savon noir ; traiter les joints une fois par an en extérieur.",
         "Limpiar con agua y jabón negro; sellar las juntas una vez al año en exterior.",
         "يُنظف بالماء والصابون البلدي، وتُعالج الفواصل مرة في السنة في الأماكن المكشوفة."),
        made_to_order=0.5, lead_time_days=(21, 60), stock=(1, 4),
    ),
    "textiles": Group(
        1,
        (
            Kind(("handira blanket", "couverture handira", "manta handira", "حنديرة"), "textiles",
                 ("handira-sequins",), ("wool", "cotton"), (1500, 4200), 2500, (200, 100, 1), "throw",
                 hs_code="6301.20"),
            Kind(("cushion cover", "housse de coussin", "funda de cojín", "غطاء وسادة"), "textiles",
                 ("cushion-embroidered",), ("cotton",), (180, 450), 300, (40, 40, 1), "cushion"),
            Kind(("tablecloth", "nappe", "mantel", "مفرش مائدة"), "textiles", ("cushion-embroidered",), ("cotton",),
                 (450, 1400), 800, (180, 140, 0.5), "throw", hs_code="6302.51"),
        ),
        (AZILAL_PLACE, MIDDLE_ATLAS, FES_SEWING),
        (
            ("with sequins", "à sequins", "con lentejuelas", "بالترتر"),
            ("with Fes embroidery", "à broderie de Fès", "con bordado de Fez", "بطرز فاسي"),
            ("with indigo stripes", "à rayures indigo", "con rayas índigo", "بخطوط نيلية"),
            ("in natural cotton", "en coton naturel", "de algodón natural", "من القطن الطبيعي"),
        ),
        (
            ("woven on a horizontal loom and finished by hand", "tissé sur métier horizontal et fini à la main",
             "tejido en telar horizontal y acabado a mano", "منسوج على منسج أفقي ومشطّب يدوياً"),
        ),
        (
            ("The yarn is spun and dyed by the cooperative's women.",
             "Le fil est filé et teint par les femmes de la coopérative.",
             "El hilo lo hilan y tiñen las mujeres de la cooperativa.", "تغزل نساء التعاونية الخيط وتصبغنه."),
        ),
        ("Hand wash cold; dry flat.", "Lavage à la main à froid ; sécher à plat.",
         "Lavar a mano en frío; secar en plano.", "يُغسل يدوياً بالماء البارد ويُجفف ممدوداً."),
    ),
    "basketry": Group(
        1,
        (
            Kind(("basket", "panier", "cesta", "سلة"), "basketry", ("basket-natural", "basket-colour"), ("palm",),
                 (120, 300), 400, (35, 25, 30), "basket"),
            Kind(("beach bag", "cabas de plage", "capazo", "قفة"), "basketry", ("basket-colour", "basket-natural"),
                 ("palm", "leather"), (150, 420), 350, (45, 15, 35), "single"),
            Kind(("bread basket", "panière à pain", "panera", "طبق خبز"), "basketry", ("basket-natural",), ("palm",),
                 (90, 220), 250, (30, 30, 20), "basket"),
        ),
        (TAMANAR_PLACE, AZILAL_PLACE),
        (
            ("with leather handles", "à anses en cuir", "con asas de cuero", "بمقابض جلدية"),
            ("with wool pompoms", "à pompons de laine", "con pompones de lana", "بكريات صوفية"),
            ("in natural doum palm", "en doum naturel", "de palmito natural", "من الدوم الطبيعي"),
            ("with woven patterns", "à motifs tressés", "con motivos trenzados", "بنقوش مضفورة"),
        ),
        (
            ("plaited and coiled from dwarf-palm leaves gathered in the hills",
             "tressé et spiralé en feuilles de palmier nain cueillies dans les collines",
             "trenzado en espiral con hojas de palmito recogidas en las colinas",
             "مضفور وملفوف من سعف الدوم المقطوف من التلال"),
        ),
        (
            ("Doum palm is cut in summer and dried in the sun before it is plaited.",
             "Le doum est coupé l'été et séché au soleil avant d'être tressé.",
             "El palmito se corta en verano y se seca al sol antes de trenzarlo.",
             "يُقطع الدوم صيفاً ويُجفف في الشمس قبل ضفره."),
        ),
        ("Dust with a soft brush; keep dry.", "Dépoussiérer avec une brosse douce ; garder au sec.",
         "Quitar el polvo con un cepillo suave; mantener seco.", "يُزال الغبار بفرشاة ناعمة ويُحفظ في مكان جاف."),
    ),
    "argan": Group(
        1,
        (
            Kind(("cosmetic argan oil", "huile d'argan cosmétique", "aceite de argán cosmético",
                  "زيت الأركان التجميلي"),
                 "argan", ("argan-bottle",), ("argan-oil",), (110, 200), 150, (5, 5, 14), "volume"),
            Kind(("culinary argan oil", "huile d'argan alimentaire", "aceite de argán culinario",
                  "زيت الأركان الغذائي"),
                 "argan", ("argan-bottle",), ("argan-oil",), (120, 220), 150, (5, 5, 14), "volume"),
            Kind(("black soap with argan", "savon noir à l'argan", "jabón negro con argán", "صابون بلدي بالأركان"),
                 "argan", ("argan-jar",), ("argan-oil",), (60, 140), 250, (8, 8, 8), "jar", hs_code="3401.20"),
            Kind(("amlou spread", "amlou", "amlou", "أملو"), "argan", ("argan-jar",), ("argan-oil",), (90, 180), 300,
                 (8, 8, 9), "jar", hs_code="2008.19"),
        ),
        (TAMANAR_PLACE, TIZNIT_PLACE),
        (
            (", 2025 harvest", ", récolte 2025", ", cosecha 2025", "، محصول 2025"),
            (", organic", ", bio", ", ecológico", "، عضوي"),
            (", fair trade", ", commerce équitable", ", comercio justo", "، تجارة عادلة"),
            (", women's cooperative", ", coopérative de femmes", ", cooperativa de mujeres", "، تعاونية نسائية"),
        ),
        (
            ("from kernels cracked by hand and pressed the same week",
             "à partir d'amandons concassés à la main et pressés la même semaine",
             "con almendras partidas a mano y prensadas la misma semana",
             "من لوز مكسور يدوياً ومعصور في الأسبوع نفسه"),
        ),
        (
            ("The argan tree grows only in south-western Morocco.",
             "L'arganier ne pousse que dans le sud-ouest du Maroc.",
             "El argán solo crece en el suroeste de Marruecos.", "لا تنمو شجرة الأركان إلا في جنوب غرب المغرب."),
        ),
        ("Keep away from light and heat.", "Conserver à l'abri de la lumière et de la chaleur.",
         "Conservar protegido de la luz y del calor.", "يُحفظ بعيداً عن الضوء والحرارة."),
        stock=(10, 80),
    ),
}  # fmt: skip

# One cycle of 25 products: pottery 9 (36 %), carpets 5 (20 %), clothing 3
# (12 %), and 1 (4 %) of each of the eight other crafts, interleaved so any
# run of products already has the mix.
SCHEDULE = (
    "pottery", "carpets", "pottery", "clothing", "leather", "pottery", "carpets", "metalwork", "pottery",
    "woodwork", "carpets", "pottery", "clothing", "jewellery", "pottery", "carpets", "zellige", "pottery",
    "textiles", "clothing", "pottery", "carpets", "basketry", "argan", "pottery",
)  # fmt: skip
assert sorted(SCHEDULE) == sorted(name for name, group in GROUPS.items() for _ in range(group.share))

MADE = (
    "Made by hand {inside} by {maker}, {technique}.",
    "Fait main {inside} par {maker}, {technique}.",
    "Hecho a mano {inside} por {maker}, {technique}.",
    "صُنع يدوياً {inside} على يد {maker}، {technique}.",
)
CLOSINGS = (
    ("Each piece is unique: small variations are the mark of the hand that made it.",
     "Chaque pièce est unique : les petites variations sont la signature de la main qui l'a faite.",
     "Cada pieza es única: las pequeñas variaciones son la firma de la mano que la hizo.",
     "كل قطعة فريدة: الاختلافات الصغيرة بصمة اليد التي صنعتها."),
    ("Packed with care and shipped from Morocco.", "Emballé avec soin et expédié depuis le Maroc.",
     "Embalado con cuidado y enviado desde Marruecos.", "تُغلَّف بعناية وتُشحن من المغرب."),
)  # fmt: skip


@dataclass
class Spec:
    """Everything about generated product number `number`, before the database."""

    number: int
    group: Group
    kind: Kind
    place: Place
    titles: dict
    technique: str  # the product's technique field (English, as artisans tend to write it)
    parts: list  # description sentences per language, the maker's name still to fill in
    variants: list  # (options, price, stock, compare-at price or None)
    made_to_order: bool
    lead_time_days: int
    handmade: bool
    weight_grams: int
    size_cm: tuple
    motifs: list
    rating: tuple[Decimal, int]
    age: timedelta
    original_language: str
    slug: str = field(init=False)

    def __post_init__(self):
        self.slug = f"{slugify(self.titles['en'])[:100].strip('-')}-{self.number:05d}"

    def sku(self, position: int) -> str:
        return f"DEMO-{self.number:05d}-{position + 1}"

    def description(self, language: str, artisan: ArtisanProfile) -> str:
        maker = artisan.display_name_arabic if language == "ar" and artisan.display_name_arabic else None
        return " ".join(self.parts[LANGUAGES.index(language)]).replace("{maker}", maker or artisan.display_name_latin)


def _price(value: float) -> Decimal:
    step = 10 if value >= 100 else 5
    return Decimal(max(step, round(value / step) * step))


def product_spec(number: int) -> Spec:
    """Generated product `number` (from 1): the same every time."""
    rng = random.Random(f"souk-demo-product-{number}")
    group = GROUPS[SCHEDULE[(number - 1) % len(SCHEDULE)]]
    kind, place, style = rng.choice(group.kinds), rng.choice(group.places), rng.choice(group.styles)
    technique, detail, closing = rng.choice(group.techniques), rng.choice(group.details), rng.choice(CLOSINGS)
    titles, parts = {}, []
    for index, language in enumerate(LANGUAGES):
        joiner = "" if style[index].startswith((",", "،")) else " "
        title = f"{kind.name[index]}{joiner}{style[index]} – {place.name[index]}"
        titles[language] = title[0].upper() + title[1:]
        made = MADE[index].format(inside=place.inside[index], maker="{maker}", technique=technique[index])
        parts.append([made, detail[index], group.care[index], closing[index]])

    axis = AXES[kind.axis]
    count = min(len(axis), rng.choices((1, 2, 3), weights=(35, 35, 30))[0])
    start = rng.randrange(len(axis) - count + 1)
    base = rng.uniform(*kind.price)
    made_to_order = rng.random() < group.made_to_order
    variants = []
    for options, factor in axis[start : start + count]:
        price = _price(base * factor)
        stock = rng.randint(1, 4) if made_to_order else (0 if rng.random() < 0.08 else rng.randint(*group.stock))
        compare_at = _price(float(price) * 1.2) if rng.random() < 0.1 else None
        variants.append((options, price, stock, compare_at))
    scale = axis[start][1] ** 0.5
    rated = rng.random() < 0.45
    rating = (
        (Decimal(str(round(rng.triangular(3.4, 5.0, 4.7), 2))), min(250, int(rng.paretovariate(1.1))))
        if rated
        else (Decimal("0"), 0)
    )
    motifs = [rng.choice(kind.motifs)]
    if len(kind.motifs) > 1 and rng.random() < 0.3:
        motifs.append(rng.choice([motif for motif in kind.motifs if motif != motifs[0]]))
    return Spec(
        number=number,
        group=group,
        kind=kind,
        place=place,
        titles=titles,
        technique=(technique[0][0].upper() + technique[0][1:])[:200],
        parts=parts,
        variants=variants,
        made_to_order=made_to_order,
        lead_time_days=rng.randint(*group.lead_time_days) if made_to_order else 0,
        handmade=rng.random() < 0.85,
        weight_grams=max(1, round(kind.weight_grams * scale * rng.uniform(0.85, 1.15))),
        size_cm=tuple(Decimal(str(round(value * scale * rng.uniform(0.9, 1.1), 1))) for value in kind.size_cm),
        motifs=motifs,
        rating=rating,
        # Spread over the last 18 months, more of them recent.
        age=timedelta(days=540 * rng.random() ** 1.6, seconds=rng.randrange(86400)),
        original_language="ar" if rng.random() < 0.15 else "fr",
    )


def _batches(items, size=BATCH_SIZE):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def generated_missing(total: int) -> list[Spec]:
    """The generated products 1..total that are not in the database."""
    specs = [product_spec(number) for number in range(1, total + 1)]
    existing = set()
    for batch in _batches(specs):
        existing.update(Product.objects.filter(slug__in=[spec.slug for spec in batch]).values_list("slug", flat=True))
    return [spec for spec in specs if spec.slug not in existing]


def _generated_write(specs: list[Spec], *, artisans, categories, materials, pool, now) -> int:
    """One batch, one transaction: products, then their variants, photos and
    materials, each in one bulk insert."""
    rows = []
    for spec in specs:
        artisan = artisans.get(spec.place.maker)
        if artisan is None:  # not a verified demo artisan any more
            continue
        category = categories[spec.kind.category]
        photos = [pool[motif] for motif in spec.motifs]
        length, width, height = spec.size_cm
        product = Product(
            artisan=artisan, category=category, slug=spec.slug,
            title=spec.titles["en"], description=spec.description("en", artisan),
            **{f"title_{language}": spec.titles[language] for language in LANGUAGES},
            **{f"description_{language}": spec.description(language, artisan) for language in LANGUAGES},
            original_language=spec.original_language, technique=spec.technique,
            region_of_origin=artisan.region, made_to_order=spec.made_to_order, lead_time_days=spec.lead_time_days,
            hs_code=normalise_hs_code(spec.kind.hs_code or category.default_hs_code),
            weight_grams=spec.weight_grams, length_cm=length, width_cm=width, height_cm=height,
            handmade_in_morocco=spec.handmade, status=ProductStatus.ACTIVE,
            min_price_mad=min(price for _options, price, _stock, _compare in spec.variants),
            total_stock=sum(stock for _options, _price, stock, _compare in spec.variants),
            thumbnail=photos[0].thumbnail, rating_average=spec.rating[0], rating_count=spec.rating[1],
            published_at=now - spec.age,
        )  # fmt: skip
        rows.append((spec, product, photos))
    if not rows:
        return 0
    with transaction.atomic():
        products = Product.objects.bulk_create([product for _spec, product, _photos in rows])
        # created_at is auto_now_add (always "now" on insert): set the real history after.
        Product.objects.filter(pk__in=[product.pk for product in products]).update(
            created_at=F("published_at") - timedelta(days=2), updated_at=F("published_at")
        )
        variants, photo_rows, links = [], [], []
        through = Product.materials.through
        for (spec, _unsaved, photos), saved in zip(rows, products, strict=True):
            for position, (options, price, stock, compare_at) in enumerate(spec.variants):
                variants.append(
                    Variant(product_id=saved.pk, sku=spec.sku(position), options=options, price_mad=price,
                            compare_at_price_mad=compare_at, stock=stock, position=position)
                )  # fmt: skip
            photo_rows.extend(product_photo_rows(saved.pk, spec.titles, photos))
            links.extend(through(product_id=saved.pk, material_id=materials[slug]) for slug in spec.kind.materials)
        Variant.objects.bulk_create(variants)
        ProductPhoto.objects.bulk_create(photo_rows)
        through.objects.bulk_create(links)
    return len(rows)


def generated_seed(total: int, *, pool, progress_factory) -> int:
    """Add the generated products missing among 1..total; returns how many were added."""
    missing = generated_missing(total)
    if not missing:
        return 0
    artisans = verified_makers()
    categories = {category.slug: category for category in Category.objects.all()}
    materials = dict(Material.objects.values_list("slug", "id"))
    now = timezone.now()
    added = 0
    with progress_factory(total=len(missing)) as progress:
        for batch in _batches(missing):
            added += _generated_write(
                batch, artisans=artisans, categories=categories, materials=materials, pool=pool, now=now
            )
            progress.update(len(batch))
    _analyze()
    return added


def _analyze() -> None:
    """Fresh planner statistics after a bulk load: without them PostgreSQL
    plans the catalog's queries for the empty tables it last saw."""
    if connection.vendor != "postgresql":
        return
    tables = [model._meta.db_table for model in (Product, Variant, ProductPhoto, Product.materials.through)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(table) for table in tables))
