"""The showcase: hand-written products, created through catalog.services
like an artisan's would be (create, submit, approve, handmade mark: with
their audit trail), keyed by slug so seeding again adds only what is missing."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.text import slugify

from catalog import services
from catalog.models import Category, Material, Product, ProductPhoto
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


@dataclass(frozen=True)
class Showcase:
    code: str  # SKU prefix
    artisan: str  # e-mail
    category: str
    motif: str  # pool key
    title: tuple[str, str, str, str]  # en, fr, es, ar
    description: tuple[str, str, str, str]
    materials: tuple[str, ...]
    technique: str
    weight_grams: int
    size_cm: tuple[float, float, float]
    variants: tuple  # (options, price in MAD, stock)
    hs_code: str = ""  # empty: the category's
    lead_time_days: int = 0  # > 0: made to order
    handmade: bool = True

    @property
    def slug(self) -> str:
        # What services.product_create makes of the English title when it is free.
        return slugify(self.title[0])[:114]


SHOWCASE = [
    Showcase(
        "SAFI-TAG-01", SAFI, "tagines-tableware", "tagine-cobalt",
        ("Safi cooking tagine, cobalt and ochre", "Tajine de cuisson de Safi, cobalt et ocre",
         "Tajín de cocina de Safi, cobalto y ocre", "طاجين الطبخ من آسفي بالأزرق الكوبالتي والأصفر المغري"),
        ("A glazed clay tagine thrown on the wheel on the Colline des Potiers and fired in a wood kiln. Lead-free "
         "glaze: it goes on a gas flame with a diffuser, then to the table.",
         "Tajine en terre émaillée tourné sur la Colline des Potiers et cuit au four à bois. Émail sans plomb : il va "
         "sur le feu avec un diffuseur, puis à table.",
         "Tajín de barro esmaltado, torneado en la Colina de los Alfareros y cocido en horno de leña. Esmalte sin "
         "plomo: va al fuego con difusor y luego a la mesa.",
         "طاجين من الطين المطلي، مشكّل على الدولاب في تلة الخزافين ومطهو في فرن الحطب. طلاؤه خالٍ من الرصاص: "
         "يوضع على النار مع موزع حرارة ثم يقدَّم على المائدة."),
        ("clay",), "Wheel-thrown, wood-fired, lead-free glaze", 2400, (30, 30, 28),
        (({"diameter": "26 cm"}, "290", 14), ({"diameter": "32 cm"}, "390", 8)),
    ),
    Showcase(
        "SAFI-TAG-02", SAFI, "tagines-tableware", "tagine-amazigh",
        ("Serving tagine with Amazigh motifs", "Tajine de service à motifs amazighs",
         "Tajín de servir con motivos amazighes", "طاجين التقديم بزخارف أمازيغية"),
        ("A serving tagine painted by hand in black and madder red on a cream glaze, with the signs women weave "
         "into Atlas rugs. For the table, not for the flame.",
         "Tajine de service peint à la main en noir et rouge garance sur émail crème, avec les signes que les femmes "
         "tissent dans les tapis de l'Atlas. Pour servir, pas pour la cuisson.",
         "Tajín de servir pintado a mano en negro y rojo rubia sobre esmalte crema, con los signos que las mujeres "
         "tejen en las alfombras del Atlas. Para servir, no para el fuego.",
         "طاجين للتقديم مرسوم يدوياً بالأسود والأحمر الفوّي على طلاء كريمي، بالرموز التي تنسجها النساء في زرابي "
         "الأطلس. للتقديم لا للطهي على النار."),
        ("clay",), "Wheel-thrown, hand-painted", 1900, (28, 28, 26),
        (({"diameter": "24 cm"}, "240", 10), ({"diameter": "30 cm"}, "340", 6), ({"diameter": "36 cm"}, "460", 3)),
    ),
    Showcase(
        "SAFI-PLT-03", SAFI, "tagines-tableware", "plate-safi-ochre",
        ("Safi serving platter with a green star", "Plat de service de Safi à l'étoile verte",
         "Fuente de Safi con estrella verde", "طبق تقديم من آسفي بنجمة خضراء"),
        ("A wide platter for couscous or salads, painted freehand with an eight-pointed star in copper green and "
         "ochre. Food-safe, lead-free glaze.",
         "Grand plat pour le couscous ou les salades, peint à main levée d'une étoile à huit branches vert cuivre "
         "et ocre. Émail alimentaire sans plomb.",
         "Fuente amplia para cuscús o ensaladas, pintada a mano alzada con una estrella de ocho puntas en verde "
         "cobre y ocre. Esmalte alimentario sin plomo.",
         "طبق واسع للكسكس أو السلطات، مرسوم بيد حرة بنجمة ثمانية بالأخضر النحاسي والأصفر المغري. طلاء غذائي خالٍ "
         "من الرصاص."),
        ("clay",), "Wheel-thrown, painted freehand", 1600, (36, 36, 6),
        (({"diameter": "36 cm"}, "260", 12), ({"diameter": "42 cm"}, "350", 7)),
    ),
    Showcase(
        "SAFI-BOL-04", SAFI, "tagines-tableware", "bowls-safi",
        ("Six Safi bowls in cobalt blue", "Six bols de Safi bleu cobalt", "Seis cuencos de Safi azul cobalto",
         "ستة أوعية من آسفي بالأزرق الكوبالتي"),
        ("Six small bowls for olives, harira or dips, dipped in cobalt glaze with a white inside and an ochre line. "
         "They take the dishwasher, but last longer washed by hand.",
         "Six petits bols pour les olives, la harira ou les sauces, trempés dans l'émail cobalt, intérieur blanc et "
         "filet ocre. Lave-vaisselle possible, mais ils durent plus longtemps lavés à la main.",
         "Seis cuencos pequeños para aceitunas, harira o salsas, bañados en esmalte cobalto con el interior blanco y "
         "un filete ocre. Aptos para lavavajillas, aunque duran más lavados a mano.",
         "ستة أوعية صغيرة للزيتون أو الحريرة أو الصلصات، مغموسة في طلاء كوبالتي بداخل أبيض وخط أصفر مغري. تتحمل "
         "غسالة الأواني، لكنها تدوم أطول إذا غُسلت باليد."),
        ("clay",), "Wheel-thrown, dipped glaze", 1500, (12, 12, 6),
        (({"pieces": "6"}, "240", 20),),
    ),
    Showcase(
        "SAFI-DEC-05", SAFI, "decorative-ceramics", "plate-lustre",
        ("Safi lustreware wall plate", "Assiette murale de Safi à reflets métalliques",
         "Plato de pared de Safi con reflejos metálicos", "صحن حائطي من آسفي ببريق معدني"),
        ("A decorative plate in the lustre technique Safi potters revived in the twentieth century: a third firing "
         "leaves a golden, metallic sheen. Made to order, each one signed.",
         "Assiette décorative à reflets métalliques, technique que les potiers de Safi ont fait renaître au "
         "XXᵉ siècle : une troisième cuisson lui donne son éclat doré. Faite sur commande, signée.",
         "Plato decorativo con reflejos metálicos, técnica que los alfareros de Safi recuperaron en el siglo XX: una "
         "tercera cocción le da su brillo dorado. Hecho por encargo y firmado.",
         "صحن زخرفي ببريق معدني، تقنية أحياها خزافو آسفي في القرن العشرين: طهيٌ ثالث يمنحه لمعانه الذهبي. يُصنع "
         "حسب الطلب ويحمل توقيع الصانع."),
        ("clay",), "Lustreware, third reduction firing", 1300, (34, 34, 4),
        (({"diameter": "34 cm"}, "850", 3), ({"diameter": "42 cm"}, "1250", 2)),
        lead_time_days=21,
    ),
    Showcase(
        "SAFI-VAS-06", SAFI, "decorative-ceramics", "vase-green",
        ("Green glazed vase with amber drips", "Vase émaillé vert aux coulures ambrées",
         "Jarrón esmaltado verde con chorreones ámbar", "مزهرية مطلية بالأخضر بسيلان كهرماني"),
        ("A tall vase with a copper-green glaze left to run over amber at the neck: no two drips are alike. "
         "Watertight, for fresh or dried flowers.",
         "Grand vase à l'émail vert de cuivre qu'on laisse couler sur l'ambre du col : aucune coulure n'est pareille. "
         "Étanche, pour fleurs fraîches ou séchées.",
         "Jarrón alto con esmalte verde cobre que se deja correr sobre el ámbar del cuello: no hay dos chorreones "
         "iguales. Estanco, para flores frescas o secas.",
         "مزهرية طويلة بطلاء أخضر نحاسي يُترك ليسيل على العنبري عند العنق: لا يتشابه سيلان مع آخر. لا تسرّب الماء، "
         "للأزهار الطرية أو المجففة."),
        ("clay",), "Wheel-thrown, poured glazes", 2600, (20, 20, 38),
        (({"height": "30 cm"}, "420", 6), ({"height": "40 cm"}, "590", 4)),
    ),
    Showcase(
        "FES-PLT-07", FES_ZELLIGE, "tagines-tableware", "plate-fes-blue",
        ("Fes blue serving plate", "Plat bleu de Fès", "Plato azul de Fez", "طبق فاسي أزرق"),
        ("The blue of Fes: cobalt painted on a white tin glaze in a sunburst of petals, as the potters of Ain Nokbi "
         "have done for centuries. Food-safe.",
         "Le bleu de Fès : cobalt peint sur émail blanc stannifère en rosace de pétales, comme le font les potiers "
         "d'Aïn Nokbi depuis des siècles. Contact alimentaire.",
         "El azul de Fez: cobalto pintado sobre esmalte blanco estannífero en una roseta de pétalos, como hacen los "
         "alfareros de Ain Nokbi desde hace siglos. Apto para alimentos.",
         "الأزرق الفاسي: كوبالت مرسوم على طلاء أبيض قصديري في وردة من البتلات، كما يفعل خزافو عين النقبي منذ "
         "قرون. صالح للطعام."),
        ("clay",), "Tin glaze, cobalt painting", 1400, (32, 32, 5),
        (({"diameter": "32 cm"}, "320", 10), ({"diameter": "40 cm"}, "450", 5)),
    ),
    Showcase(
        "FES-JAR-08", FES_ZELLIGE, "decorative-ceramics", "vase-fes-blue",
        ("Fes blue lidded jar (jobbana)", "Jobbana bleue de Fès, pot à couvercle",
         "Jobbana azul de Fez, tarro con tapa", "جبانة فاسية زرقاء بغطاء"),
        ("The jobbana is the lidded jar Fes families kept butter, olives or sweets in; this one is for display, "
         "painted in cobalt with fine arabesques.",
         "La jobbana est le pot à couvercle où les familles de Fès gardaient le beurre, les olives ou les douceurs ; "
         "celle-ci est décorative, peinte au cobalt de fines arabesques.",
         "La jobbana es el tarro con tapa donde las familias de Fez guardaban mantequilla, aceitunas o dulces; esta es "
         "decorativa, pintada en cobalto con finos arabescos.",
         "الجبانة إناء بغطاء كانت الأسر الفاسية تحفظ فيه السمن والزيتون والحلويات؛ وهذه للزينة، مرسومة بالكوبالت "
         "بزخارف توريق دقيقة."),
        ("clay",), "Tin glaze, cobalt painting", 1800, (22, 22, 30),
        (({"height": "30 cm"}, "560", 5),),
    ),
    Showcase(
        "FES-BWL-09", FES_ZELLIGE, "tagines-tableware", "plate-fes-blue",
        ("Fes blue footed fruit bowl", "Coupe à fruits bleue de Fès", "Frutero azul de Fez", "زبدية فواكه فاسية زرقاء"),
        ("A deep footed bowl for fruit or bread, in the white and cobalt of Fes, with a star at the bottom that "
         "shows as the bowl empties.",
         "Coupe profonde sur pied pour les fruits ou le pain, blanc et cobalt de Fès, avec une étoile au fond qui "
         "apparaît quand on la vide.",
         "Cuenco hondo con pie para fruta o pan, en el blanco y cobalto de Fez, con una estrella en el fondo que "
         "aparece al vaciarlo.",
         "زبدية عميقة بقاعدة للفواكه أو الخبز، بالأبيض والكوبالتي الفاسي، في قعرها نجمة تظهر كلما فرغت."),
        ("clay",), "Tin glaze, cobalt painting", 1700, (30, 30, 14),
        (({"diameter": "28 cm"}, "360", 7),),
    ),
    Showcase(
        "FES-ZTB-10", FES_ZELLIGE, "zellige", "zellige-table",
        ("Zellige mosaic coffee table", "Table basse en zellige", "Mesa baja de zellige", "طاولة قهوة من الزليج"),
        ("A round coffee table laid with hand-cut zellige in emerald, white and cobalt on a wrought-iron base. Made "
         "to order in the Fes workshop: allow a month.",
         "Table basse ronde en zellige taillé main, vert émeraude, blanc et cobalt, sur piètement en fer forgé. Faite "
         "sur commande dans l'atelier de Fès : comptez un mois.",
         "Mesa baja redonda de zellige tallado a mano, verde esmeralda, blanco y cobalto, sobre base de hierro "
         "forjado. Hecha por encargo en el taller de Fez: cuente un mes.",
         "طاولة قهوة مستديرة من الزليج المقطّع يدوياً بالأخضر الزمردي والأبيض والكوبالتي على قاعدة من الحديد "
         "المطروق. تُصنع حسب الطلب في ورشة فاس: المدة شهر تقريباً."),
        ("clay",), "Hand-cut zellige on a wrought-iron base", 28000, (80, 80, 42),
        (({"diameter": "60 cm"}, "2900", 2), ({"diameter": "80 cm"}, "4200", 2), ({"diameter": "100 cm"}, "5900", 1)),
        hs_code="9403.89", lead_time_days=30,
    ),
    Showcase(
        "FES-ZTB-11", FES_ZELLIGE, "zellige", "zellige-blue",
        ("Square zellige side table", "Table d'appoint carrée en zellige", "Mesa auxiliar cuadrada de zellige",
         "طاولة جانبية مربعة من الزليج"),
        ("A small square table for a terrace or a living room: the top is a rosette of zellige cut from Fes clay, "
         "framed in iron. Weather-resistant.",
         "Petite table carrée pour la terrasse ou le salon : le plateau est une rosace de zellige taillé dans la terre "
         "de Fès, cerclée de fer. Résiste aux intempéries.",
         "Mesa cuadrada pequeña para la terraza o el salón: el tablero es un rosetón de zellige tallado en barro de "
         "Fez, enmarcado en hierro. Resiste a la intemperie.",
         "طاولة مربعة صغيرة للشرفة أو الصالون: سطحها وردة من الزليج المقطوع من طين فاس بإطار من الحديد. تقاوم "
         "تقلبات الطقس."),
        ("clay",), "Hand-cut zellige, iron frame", 16000, (50, 50, 45),
        (({"size": "50 × 50 cm"}, "1900", 3),),
        hs_code="9403.89",
    ),
    Showcase(
        "FES-ZLG-12", FES_ZELLIGE, "zellige", "zellige-green",
        ("Hand-cut zellige, per square metre", "Zellige taillé main, au mètre carré",
         "Zellige tallado a mano, por metro cuadrado", "زليج مقطّع يدوياً بالمتر المربع"),
        ("Glazed Fes clay cut piece by piece with the menqach hammer and set face down into panels of eight-pointed "
         "stars. Sold by the square metre; other colours on request.",
         "Terre de Fès émaillée, taillée pièce par pièce au marteau menqach et assemblée face contre terre en panneaux "
         "d'étoiles à huit branches. Vendu au mètre carré ; autres couleurs sur demande.",
         "Barro de Fez esmaltado, tallado pieza a pieza con el martillo menqach y montado boca abajo en paneles de "
         "estrellas de ocho puntas. Se vende por metro cuadrado; otros colores a petición.",
         "طين فاسي مطلي، يُقطَّع قطعة قطعة بالمنقاش ويُركَّب مقلوباً في ألواح من النجوم الثمانية. يُباع بالمتر "
         "المربع، وألوان أخرى عند الطلب."),
        ("clay",), "Hand-cut with the menqach", 30000, (100, 100, 1.5),
        (({"colour": "emerald and white"}, "1150", 40), ({"colour": "cobalt and honey"}, "1250", 25)),
    ),
    Showcase(
        "FES-FTN-13", FES_ZELLIGE, "zellige", "zellige-blue",
        ("Zellige wall fountain", "Fontaine murale en zellige", "Fuente de pared de zellige",
         "نافورة حائطية من الزليج"),
        ("A wall fountain for a patio, as in the riads of the medina: zellige basin and panel, with a carved plaster "
         "arch on request. Made to order, pump included.",
         "Fontaine murale pour patio, comme dans les riads de la médina : vasque et panneau en zellige, arc en plâtre "
         "sculpté sur demande. Sur commande, pompe incluse.",
         "Fuente de pared para patio, como en los riads de la medina: pila y panel de zellige, arco de yeso tallado a "
         "petición. Por encargo, bomba incluida.",
         "نافورة حائطية للفناء كما في رياضات المدينة العتيقة: حوض ولوحة من الزليج، وقوس من الجبس المنقوش عند "
         "الطلب. تُصنع حسب الطلب مع المضخة."),
        ("clay",), "Hand-cut zellige, carved plaster", 65000, (80, 35, 120),
        (({"width": "80 cm"}, "9800", 1),),
        hs_code="6914.90", lead_time_days=45, handmade=False,
    ),
    Showcase(
        "AZI-RUG-14", AZILAL, "knotted-carpets", "rug-azilal",
        ("Azilal rug with Amazigh symbols", "Tapis d'Azilal aux symboles amazighs",
         "Alfombra de Azilal con símbolos amazighes", "زربية أزيلال برموز أمازيغية"),
        ("Knotted on the cooperative's vertical looms in bright wool on an undyed ground: each sign, the eye, the "
         "comb, the zigzag of water, is the weaver's own. Every rug is a single piece.",
         "Noué sur les métiers verticaux de la coopérative, en laine vive sur fond écru : chaque signe, l'œil, le "
         "peigne, le zigzag de l'eau, est celui de la tisserande. Chaque tapis est une pièce unique.",
         "Anudada en los telares verticales de la cooperativa, con lana de colores vivos sobre fondo crudo: cada "
         "signo, el ojo, el peine, el zigzag del agua, es de la tejedora. Cada alfombra es una pieza única.",
         "معقودة على المناسج العمودية للتعاونية بصوف زاهي الألوان على أرضية طبيعية: كل رمز، العين والمشط وتعرّج "
         "الماء، من إبداع النساجة. كل زربية قطعة فريدة."),
        ("wool",), "Hand-knotted on a vertical loom", 9000, (240, 160, 1.5),
        (({"size": "150 × 240 cm"}, "4800", 1), ({"size": "200 × 300 cm"}, "7900", 1)),
    ),
    Showcase(
        "AZI-BOU-15", AZILAL, "knotted-carpets", "rug-boucherouite",
        ("Boucherouite rag rug", "Tapis boucherouite en chiffons", "Alfombra boucherouite de retales",
         "زربية بوشرويط من بقايا الأثواب"),
        ("Boucherouite is the rug women knot from strips of old clothes: nothing wasted, everything colour. Soft, "
         "light and washable.",
         "Le boucherouite est le tapis que les femmes nouent avec des bandes de vieux vêtements : rien ne se perd, "
         "tout devient couleur. Doux, léger et lavable.",
         "El boucherouite es la alfombra que las mujeres anudan con tiras de ropa vieja: nada se pierde, todo se "
         "vuelve color. Suave, ligera y lavable.",
         "البوشرويط زربية تعقدها النساء من شرائط الملابس القديمة: لا شيء يضيع وكل شيء يصير لوناً. ناعمة وخفيفة "
         "وقابلة للغسل."),
        ("cotton",), "Hand-knotted from recycled textile strips", 3500, (180, 120, 1.5),
        (({"size": "120 × 180 cm"}, "1150", 3), ({"size": "150 × 220 cm"}, "1650", 2)),
        hs_code="5705.00",
    ),
    Showcase(
        "AZI-KIL-16", AZILAL, "kilims", "kilim-stripes",
        ("Azilal kilim runner", "Kilim de couloir d'Azilal", "Kilim de pasillo de Azilal", "حنبل ممر من أزيلال"),
        ("A flat-woven runner with bands of madder, saffron and indigo and rows of small triangles. Reversible and "
         "light, for a hall or the foot of a bed.",
         "Kilim tissé à plat, en bandes de garance, safran et indigo rythmées de petits triangles. Réversible et "
         "léger, pour un couloir ou le pied du lit.",
         "Kilim tejido en plano, con franjas de rubia, azafrán e índigo y filas de pequeños triángulos. Reversible y "
         "ligero, para un pasillo o a los pies de la cama.",
         "حنبل منسوج نسجاً مسطحاً بأشرطة من الفوة والزعفران والنيلة وصفوف من المثلثات الصغيرة. يُقلب على الوجهين "
         "وخفيف، للممر أو أسفل السرير."),
        ("wool", "cotton"), "Flat-woven", 4000, (250, 80, 0.5),
        (({"size": "70 × 250 cm"}, "1650", 4), ({"size": "80 × 350 cm"}, "2350", 2)),
    ),
    Showcase(
        "AZI-HND-17", AZILAL, "textiles", "handira-sequins",
        ("Handira wedding blanket with sequins", "Handira, couverture de mariage à sequins",
         "Handira, manta de boda con lentejuelas", "حنديرة، غطاء العرس بالترتر"),
        ("The handira is the blanket a bride of the Atlas wears on her wedding day: woven in white wool and cotton "
         "and sewn with sequins that catch the light. A bedspread or a wall hanging.",
         "La handira est la couverture que porte la mariée de l'Atlas le jour des noces : tissée de laine et coton "
         "blancs, cousue de sequins qui accrochent la lumière. En couvre-lit ou en tenture.",
         "La handira es la manta que lleva la novia del Atlas el día de su boda: tejida en lana y algodón blancos y "
         "cosida con lentejuelas que atrapan la luz. Como colcha o tapiz.",
         "الحنديرة غطاء ترتديه عروس الأطلس يوم زفافها: منسوجة من الصوف والقطن الأبيضين ومخيطة بالترتر الذي "
         "يعكس الضوء. تُستعمل غطاءً للسرير أو زينة للجدار."),
        ("wool", "cotton"), "Flat-woven, sequins sewn by hand", 2800, (200, 100, 1),
        (({"size": "100 × 200 cm"}, "2400", 3), ({"size": "150 × 250 cm"}, "3600", 2)),
        hs_code="6301.20",
    ),
    Showcase(
        "AZI-CUS-18", AZILAL, "textiles", "cushion-embroidered",
        ("Embroidered cotton cushion cover", "Housse de coussin brodée en coton", "Funda de cojín de algodón bordada",
         "غطاء وسادة قطني مطرز"),
        ("Natural cotton woven on the loom and embroidered with indigo zigzags and lozenges, piped in madder red. "
         "Zip closure; insert not included.",
         "Coton naturel tissé au métier et brodé de zigzags et losanges indigo, passepoil rouge garance. Fermeture "
         "éclair ; garnissage non fourni.",
         "Algodón natural tejido en telar y bordado con zigzags y rombos índigo, vivo rojo rubia. Cierre de "
         "cremallera; relleno no incluido.",
         "قطن طبيعي منسوج على المنسج ومطرز بتعرجات ومعينات نيلية، بحاشية حمراء فوية. بسحّاب، دون الحشوة."),
        ("cotton",), "Loom-woven, hand-embroidered", 300, (50, 50, 1),
        (({"size": "40 × 40 cm"}, "190", 25), ({"size": "50 × 50 cm"}, "240", 18)),
    ),
    Showcase(
        "AZI-BSK-19", AZILAL, "basketry", "basket-colour",
        ("Doum palm basket with pompoms", "Panier en doum à pompons", "Cesta de palmito con pompones",
         "سلة من الدوم بكريات صوفية"),
        ("Plaited from dwarf-palm leaves and finished with wool pompoms in Azilal pink: a market basket that also "
         "holds blankets or toys.",
         "Tressé en feuilles de palmier nain et fini de pompons de laine rose d'Azilal : un panier de marché qui "
         "range aussi plaids et jouets.",
         "Trenzado con hojas de palmito y rematado con pompones de lana rosa de Azilal: una cesta de mercado que "
         "también guarda mantas o juguetes.",
         "مضفورة من سعف الدوم ومزينة بكريات صوفية بلون أزيلال الوردي: سلة للسوق تصلح أيضاً لحفظ الأغطية أو "
         "الألعاب."),
        ("palm", "wool"), "Plaited doum palm", 450, (40, 25, 32),
        (({"size": "M"}, "180", 15), ({"size": "L"}, "240", 10)),
    ),
    Showcase(
        "AZI-DJL-20", AZILAL, "djellabas", "djellaba-wool",
        ("Hand-woven wool djellaba", "Djellaba en laine tissée main", "Chilaba de lana tejida a mano",
         "جلابة صوف منسوجة يدوياً"),
        ("A hooded djellaba in undyed Atlas wool, woven on the loom and sewn by hand, warm enough for winter in the "
         "mountains. Made to your size: send your measurements after ordering.",
         "Djellaba à capuche en laine écrue de l'Atlas, tissée au métier et cousue main, assez chaude pour l'hiver en "
         "montagne. Faite à vos mesures : envoyez-les après la commande.",
         "Chilaba con capucha de lana cruda del Atlas, tejida en telar y cosida a mano, abrigada para el invierno en "
         "la montaña. Hecha a su medida: envíe sus medidas tras el pedido.",
         "جلابة بقبّ من صوف الأطلس الطبيعي، منسوجة على المنسج ومخيطة يدوياً، دافئة بما يكفي لشتاء الجبل. تُفصَّل "
         "على مقاسك: أرسل مقاساتك بعد الطلب."),
        ("wool",), "Loom-woven, hand-sewn", 1400, (140, 60, 3),
        (({"size": "M"}, "1450", 4), ({"size": "L"}, "1450", 4), ({"size": "XL"}, "1550", 2)),
        lead_time_days=20,
    ),
    Showcase(
        "AZR-RUG-21", AZROU, "knotted-carpets", "rug-beni-mguild",
        ("Beni Mguild rug in madder red", "Tapis Beni Mguild rouge garance", "Alfombra Beni Mguild rojo rubia",
         "زربية بني مكيلد بالأحمر الفوّي"),
        ("A thick pile rug of the Beni Mguild, the Middle Atlas tribe whose wool is among the softest in Morocco, "
         "dyed with madder, henna and indigo. Knotted to order: about two months.",
         "Tapis à poils épais des Beni Mguild, tribu du Moyen Atlas dont la laine compte parmi les plus douces du "
         "Maroc, teinte à la garance, au henné et à l'indigo. Noué sur commande : environ deux mois.",
         "Alfombra de pelo grueso de los Beni Mguild, tribu del Atlas Medio cuya lana está entre las más suaves de "
         "Marruecos, teñida con rubia, henna e índigo. Anudada por encargo: unos dos meses.",
         "زربية كثيفة الوبر من بني مكيلد، قبيلة الأطلس المتوسط التي يُعد صوفها من أنعم الأصواف في المغرب، مصبوغة "
         "بالفوة والحناء والنيلة. تُعقد حسب الطلب: نحو شهرين."),
        ("wool",), "Hand-knotted, natural dyes", 14000, (300, 200, 2.5),
        (({"size": "200 × 300 cm"}, "12500", 1), ({"size": "250 × 350 cm"}, "16800", 1)),
        lead_time_days=60,
    ),
    Showcase(
        "AZR-RUG-22", AZROU, "knotted-carpets", "rug-beni-ourain",
        ("Beni Ourain-style rug with black lozenges", "Tapis style Beni Ouarain à losanges noirs",
         "Alfombra estilo Beni Ouarain con rombos negros", "زربية على طراز بني وراين بمعينات سوداء"),
        ("Undyed cream wool and a lattice of black lozenges: the rug modern interiors borrowed from the Middle Atlas, "
         "knotted here the old way, with a long soft pile.",
         "Laine écrue non teinte et réseau de losanges noirs : le tapis que les intérieurs modernes ont emprunté au "
         "Moyen Atlas, noué ici à l'ancienne, à longs poils doux.",
         "Lana crema sin teñir y una red de rombos negros: la alfombra que los interiores modernos tomaron del Atlas "
         "Medio, anudada aquí a la antigua, de pelo largo y suave.",
         "صوف كريمي غير مصبوغ وشبكة من المعينات السوداء: الزربية التي استعارتها الديكورات العصرية من الأطلس "
         "المتوسط، معقودة هنا على الطريقة القديمة بوبر طويل ناعم."),
        ("wool",), "Hand-knotted, undyed wool", 11000, (230, 160, 2.5),
        (({"size": "160 × 230 cm"}, "6900", 2), ({"size": "200 × 300 cm"}, "10500", 1)),
    ),
    Showcase(
        "AZR-KIL-23", AZROU, "kilims", "kilim-stripes",
        ("Middle Atlas hanbel kilim", "Kilim hanbel du Moyen Atlas", "Kilim hanbel del Atlas Medio",
         "حنبل الأطلس المتوسط"),
        ("The hanbel is the flat-woven blanket-rug of the Zayane and Beni Mguild: broad bands of colour, a little "
         "pile at the edges, reversible.",
         "Le hanbel est le tapis-couverture tissé à plat des Zayane et des Beni Mguild : larges bandes de couleur, un "
         "peu de velours sur les bords, réversible.",
         "El hanbel es la alfombra-manta tejida en plano de los Zayane y los Beni Mguild: anchas franjas de color, "
         "algo de pelo en los bordes, reversible.",
         "الحنبل بساط منسوج نسجاً مسطحاً عند زيان وبني مكيلد: أشرطة لونية عريضة وقليل من الوبر عند الحواف، ويُقلب "
         "على الوجهين."),
        ("wool",), "Flat-woven", 6000, (250, 150, 0.5),
        (({"size": "150 × 250 cm"}, "3400", 2),),
    ),
    Showcase(
        "AZR-RUG-24", AZROU, "knotted-carpets", "rug-beni-mguild",
        ("Small Beni Mguild bedside rug", "Petit tapis de chevet Beni Mguild", "Alfombra pequeña de noche Beni Mguild",
         "زربية صغيرة بجانب السرير من بني مكيلد"),
        ("A small knotted rug for the bedside or a doorway, woven from the wool left over from the cooperative's "
         "large rugs: purple, saffron and indigo diamonds on madder.",
         "Petit tapis noué pour le bord du lit ou une entrée, tissé avec les restes de laine des grands tapis de la "
         "coopérative : losanges violets, safran et indigo sur fond garance.",
         "Pequeña alfombra anudada para junto a la cama o una entrada, tejida con los restos de lana de las grandes "
         "alfombras de la cooperativa: rombos morados, azafrán e índigo sobre rubia.",
         "زربية صغيرة معقودة لجانب السرير أو المدخل، منسوجة من بقايا صوف الزرابي الكبيرة في التعاونية: معينات "
         "بنفسجية وزعفرانية ونيلية على أرضية فوية."),
        ("wool",), "Hand-knotted", 2500, (90, 60, 2),
        (({"size": "60 × 90 cm"}, "980", 6), ({"size": "80 × 120 cm"}, "1450", 3)),
    ),
    Showcase(
        "MRK-BAB-25", MARRAKECH, "babouches", "babouche-yellow",
        ("Classic yellow leather babouches", "Babouches classiques en cuir jaune",
         "Babuchas clásicas de cuero amarillo", "بلغة كلاسيكية من الجلد الأصفر"),
        ("The babouche of the Marrakech souks: goatskin tanned with pomegranate bark and dyed saffron yellow, on a "
         "stitched leather sole. The heel folds flat.",
         "La babouche des souks de Marrakech : peau de chèvre tannée à l'écorce de grenade et teinte jaune safran, "
         "semelle en cuir cousue. Se porte talon rabattu.",
         "La babucha de los zocos de Marrakech: piel de cabra curtida con corteza de granada y teñida de amarillo "
         "azafrán, con suela de cuero cosida. El talón se pliega.",
         "بلغة أسواق مراكش: جلد ماعز مدبوغ بقشر الرمان ومصبوغ بالأصفر الزعفراني، بنعل جلدي مخيط. يُطوى كعبها."),
        ("leather",), "Vegetable-tanned goatskin, stitched sole", 500, (30, 11, 8),
        (({"size": "39"}, "260", 12), ({"size": "41"}, "260", 15), ({"size": "43"}, "260", 9)),
    ),
    Showcase(
        "MRK-BAB-26", MARRAKECH, "babouches", "babouche-embroidered",
        ("Embroidered women's babouches", "Babouches brodées pour femme", "Babuchas bordadas de mujer",
         "بلغة نسائية مطرزة"),
        ("Bordeaux leather babouches embroidered with small stars in gold thread, the way women of Fes and Marrakech "
         "wear them for celebrations.",
         "Babouches en cuir bordeaux brodées de petites étoiles au fil doré, comme les portent les Fassies et les "
         "Marrakchies pour les fêtes.",
         "Babuchas de cuero burdeos bordadas con pequeñas estrellas en hilo dorado, como las llevan las mujeres de Fez "
         "y Marrakech en las fiestas.",
         "بلغة من الجلد الخمري مطرزة بنجيمات بخيط ذهبي، كما تنتعلها الفاسيات والمراكشيات في المناسبات."),
        ("leather",), "Hand-embroidered leather", 400, (26, 10, 7),
        (({"size": "37"}, "320", 8), ({"size": "38"}, "320", 10), ({"size": "39"}, "320", 6)),
    ),
    Showcase(
        "MRK-BAG-27", MARRAKECH, "leather-bags", "bag-tan",
        ("Tan leather tote bag", "Cabas en cuir fauve", "Bolso cabás de cuero natural",
         "حقيبة تسوق من الجلد الطبيعي"),
        ("A large tote in vegetable-tanned cowhide, hand-stitched with linen thread, with an inside pocket and a "
         "brass press stud. Darkens beautifully with use.",
         "Grand cabas en cuir de vache tanné végétal, cousu main au fil de lin, poche intérieure et bouton pression "
         "en laiton. Se patine joliment.",
         "Gran bolso cabás de piel de vaca curtida al vegetal, cosido a mano con hilo de lino, bolsillo interior y "
         "broche de latón. Adquiere una bonita pátina.",
         "حقيبة كبيرة من جلد البقر المدبوغ نباتياً، مخيطة يدوياً بخيط الكتان، بجيب داخلي وزر نحاسي. يكتسب الجلد "
         "لوناً أجمل مع الاستعمال."),
        ("leather",), "Vegetable-tanned cowhide, saddle-stitched", 900, (42, 14, 34),
        (({"colour": "tan"}, "890", 7), ({"colour": "cognac"}, "890", 5), ({"colour": "black"}, "940", 4)),
    ),
    Showcase(
        "MRK-BAG-28", MARRAKECH, "leather-bags", "bag-tan",
        ("Leather satchel with a flap", "Cartable en cuir à rabat", "Cartera de cuero con solapa",
         "محفظة جلدية بغطاء"),
        ("A satchel with a long adjustable strap and two buckles, cut and stitched in the Marrakech workshop from a "
         "single hide. Fits a 13-inch laptop.",
         "Cartable à longue bandoulière réglable et deux boucles, coupé et cousu à l'atelier de Marrakech dans une "
         "seule peau. Accueille un ordinateur 13 pouces.",
         "Cartera con correa larga regulable y dos hebillas, cortada y cosida en el taller de Marrakech de una sola "
         "piel. Cabe un portátil de 13 pulgadas.",
         "محفظة بحزام كتف طويل قابل للتعديل وإبزيمين، مقصوصة ومخيطة في ورشة مراكش من جلد واحد. تتسع لحاسوب "
         "13 بوصة."),
        ("leather",), "Cut and saddle-stitched by hand", 1100, (38, 10, 28),
        (({"colour": "tan"}, "1150", 4), ({"colour": "cognac"}, "1150", 3)),
    ),
    Showcase(
        "MRK-POF-29", MARRAKECH, "poufs", "pouf-brown",
        ("Embroidered leather pouf", "Pouf en cuir brodé", "Puf de cuero bordado", "بوف جلدي مطرز"),
        ("A round pouf in brown goatskin inlaid with a camel-coloured star and stitched in cream. Shipped flat and "
         "unstuffed: fill it with old blankets or cushions.",
         "Pouf rond en cuir de chèvre marron incrusté d'une étoile couleur chameau et piqué de crème. Livré à plat, "
         "sans garnissage : à remplir de vieux plaids ou coussins.",
         "Puf redondo de piel de cabra marrón con una estrella color camello y pespuntes crema. Se envía plano y sin "
         "relleno: rellénelo con mantas o cojines viejos.",
         "بوف مستدير من جلد الماعز البني مرصع بنجمة بلون الجمل ومخيط بخيط كريمي. يُشحن مسطحاً دون حشوة: املأه "
         "بأغطية أو وسائد قديمة."),
        ("leather",), "Leather inlay, hand-stitched", 1700, (55, 55, 30),
        (({"colour": "brown"}, "620", 9), ({"colour": "tan"}, "620", 6)),
        hs_code="4205.00",  # shipped unstuffed: an article of leather, not furniture
    ),
    Showcase(
        "MRK-LAN-30", MARRAKECH, "metalwork", "lantern-brass",
        ("Pierced brass lantern", "Lanterne en laiton ajouré", "Farol de latón calado",
         "فانوس من النحاس الأصفر المخرّم"),
        ("Cut, pierced and chased by hand: lit with a candle or a bulb, the lantern throws a pattern of stars across "
         "the room. Electric fitting on request.",
         "Découpée, ajourée et ciselée à la main : éclairée d'une bougie ou d'une ampoule, la lanterne projette des "
         "étoiles sur les murs. Électrification sur demande.",
         "Cortado, calado y cincelado a mano: con una vela o una bombilla, el farol proyecta estrellas por toda la "
         "habitación. Electrificación a petición.",
         "مقصوص ومخرّم ومنقوش يدوياً: حين يُضاء بشمعة أو مصباح يرسم الفانوس نجوماً على الجدران. التوصيل "
         "الكهربائي عند الطلب."),
        ("brass",), "Pierced and chased brass", 1600, (22, 22, 48),
        (({"height": "35 cm"}, "520", 8), ({"height": "50 cm"}, "790", 5), ({"height": "70 cm"}, "1250", 2)),
    ),
    Showcase(
        "MRK-TRY-31", MARRAKECH, "metalwork", "tray-brass",
        ("Engraved brass tea tray", "Plateau à thé en laiton gravé", "Bandeja de té de latón grabado",
         "صينية شاي من النحاس الأصفر المنقوش"),
        ("The round tray the teapot and glasses are served on, engraved with a star and a border of fine lines by a "
         "chaser working only with a hammer and chisels.",
         "Le plateau rond sur lequel on sert la théière et les verres, gravé d'une étoile et d'une frise de fines "
         "lignes par un ciseleur qui ne travaille qu'au marteau et au burin.",
         "La bandeja redonda en la que se sirven la tetera y los vasos, grabada con una estrella y una cenefa de "
         "líneas finas por un cincelador que solo usa martillo y cinceles.",
         "الصينية المستديرة التي يُقدَّم عليها البراد والكؤوس، منقوشة بنجمة وإطار من الخطوط الدقيقة بيد نقاش لا "
         "يستعمل إلا المطرقة والأزاميل."),
        ("brass",), "Hand-engraved brass", 2100, (50, 50, 3),
        (({"diameter": "40 cm"}, "480", 6), ({"diameter": "55 cm"}, "720", 4)),
        hs_code="7419.80",
    ),
    Showcase(
        "MRK-LAN-32", MARRAKECH, "metalwork", "lantern-brass",
        ("Brass pendant lamp, made to measure", "Suspension en laiton sur mesure", "Lámpara colgante de latón a medida",
         "ثريا معلقة من النحاس الأصفر حسب المقاس"),
        ("A pendant lamp for a dining table or a stairwell, pierced in the pattern of your choice and wired to the "
         "European or American standard. Made to order.",
         "Suspension pour une table ou une cage d'escalier, ajourée selon le motif de votre choix et câblée aux "
         "normes européennes ou américaines. Sur commande.",
         "Lámpara colgante para una mesa o una escalera, calada con el motivo que elija y cableada según la norma "
         "europea o americana. Por encargo.",
         "ثريا لمائدة الطعام أو للدرج، مخرّمة بالزخرفة التي تختارها وموصولة وفق المعيار الأوروبي أو الأمريكي. "
         "تُصنع حسب الطلب."),
        ("brass",), "Pierced brass, wired", 2500, (40, 40, 55),
        (({"diameter": "40 cm"}, "1450", 3), ({"diameter": "60 cm"}, "2300", 2)),
        hs_code="9405.19", lead_time_days=25,
    ),
    Showcase(
        "TIZ-FIB-33", TIZNIT, "jewellery", "fibula-silver",
        ("Tiznit silver fibulae with chain (tizerzai)", "Fibules de Tiznit en argent et leur chaîne (tizerzai)",
         "Fíbulas de Tiznit en plata con cadena (tizerzai)", "تزرزاي: مشبكان من فضة تيزنيت بسلسلتهما"),
        ("The pair of triangular brooches Amazigh women pin their drape with, joined by a chain and a medallion and "
         "set with green, yellow and red enamel. Solid, hallmarked silver.",
         "La paire de broches triangulaires qui retient le drapé des femmes amazighes, reliée par une chaîne et un "
         "médaillon, sertie d'émaux vert, jaune et rouge. Argent massif poinçonné.",
         "El par de broches triangulares con que las mujeres amazighes sujetan su manto, unidos por una cadena y un "
         "medallón, con esmaltes verde, amarillo y rojo. Plata maciza contrastada.",
         "زوج المشابك المثلثة التي تثبت بها النساء الأمازيغيات لحافهن، يربط بينهما سلسلة وميدالية، ومرصعة بالمينا "
         "الخضراء والصفراء والحمراء. فضة خالصة مدموغة."),
        ("silver",), "Cast and chased silver, cloisonné enamel", 180, (14, 7, 1),
        (({"finish": "polished"}, "1850", 3), ({"finish": "with enamel"}, "2200", 2)),
    ),
    Showcase(
        "TIZ-PEN-34", TIZNIT, "jewellery", "fibula-silver",
        ("Enamelled silver pendant from Tiznit", "Pendentif émaillé en argent de Tiznit",
         "Colgante esmaltado de plata de Tiznit", "قلادة فضية بالمينا من تيزنيت"),
        ("A star-shaped pendant with cloisonné enamel in the colours of the Souss, on a 45 cm silver chain.",
         "Pendentif en étoile émaillé cloisonné aux couleurs du Souss, sur chaîne en argent de 45 cm.",
         "Colgante en forma de estrella con esmalte cloisonné en los colores del Sus, con cadena de plata de 45 cm.",
         "قلادة على شكل نجمة بالمينا المحجّرة بألوان سوس، بسلسلة فضية طولها 45 سم."),
        ("silver",), "Cloisonné enamel on silver", 40, (5, 5, 1),
        (({"chain": "45 cm"}, "680", 8),),
    ),
    Showcase(
        "TIZ-BRC-35", TIZNIT, "jewellery", "bracelet-silver",
        ("Engraved silver cuff bracelet", "Bracelet manchette en argent gravé", "Brazalete de plata grabado",
         "سوار عريض من الفضة المنقوشة"),
        ("A wide open cuff, chased with the lozenges and dots of Amazigh jewellery and set with small enamel studs. "
         "It adjusts gently to the wrist.",
         "Large manchette ouverte, ciselée des losanges et des points des bijoux amazighs, sertie de petits cabochons "
         "émaillés. S'ajuste doucement au poignet.",
         "Brazalete ancho y abierto, cincelado con los rombos y puntos de la joyería amazigh y con pequeños cabujones "
         "esmaltados. Se ajusta suavemente a la muñeca.",
         "سوار عريض مفتوح، منقوش بمعينات ونقاط الحلي الأمازيغية ومرصع بفصوص صغيرة من المينا. يُضبط برفق على "
         "المعصم."),
        ("silver",), "Chased silver, enamel studs", 75, (7, 6, 4),
        (({"finish": "polished"}, "890", 6), ({"finish": "oxidised"}, "890", 4)),
    ),
    Showcase(
        "TAM-ARG-36", TAMANAR, "argan", "argan-bottle",
        ("Pure cosmetic argan oil, cold-pressed", "Huile d'argan cosmétique pure, pressée à froid",
         "Aceite de argán cosmético puro, prensado en frío", "زيت الأركان التجميلي الخالص، معصور على البارد"),
        ("Kernels cracked by hand by the women of the cooperative and pressed cold, unroasted: for skin, hair and "
         "nails. Certified organic, in amber glass.",
         "Amandons concassés à la main par les femmes de la coopérative et pressés à froid, sans torréfaction : pour "
         "la peau, les cheveux et les ongles. Bio certifiée, en verre ambré.",
         "Almendras partidas a mano por las mujeres de la cooperativa y prensadas en frío, sin tostar: para la piel, "
         "el cabello y las uñas. Ecológico certificado, en vidrio ámbar.",
         "لوز كسرته نساء التعاونية يدوياً وعُصر على البارد دون تحميص: للبشرة والشعر والأظافر. عضوي معتمد، في زجاج "
         "كهرماني."),
        ("argan-oil",), "Hand-cracked kernels, cold-pressed", 180, (5, 5, 14),
        (({"volume": "50 ml"}, "120", 60), ({"volume": "100 ml"}, "210", 40)),
    ),
    Showcase(
        "TAM-ARG-37", TAMANAR, "argan", "argan-bottle",
        ("Roasted culinary argan oil", "Huile d'argan alimentaire torréfiée", "Aceite de argán culinario tostado",
         "زيت الأركان الغذائي المحمص"),
        ("Kernels roasted before pressing give this oil its hazelnut taste: on couscous and salads, or with bread and "
         "honey for breakfast. Not for cooking at high heat.",
         "Les amandons torréfiés avant pressage donnent à cette huile son goût de noisette : sur le couscous, les "
         "salades, ou avec pain et miel au petit déjeuner. Ne pas chauffer fort.",
         "Las almendras tostadas antes del prensado dan a este aceite su sabor a avellana: en el cuscús, las "
         "ensaladas o con pan y miel en el desayuno. No calentar a fuego fuerte.",
         "تحميص اللوز قبل العصر يمنح هذا الزيت نكهة البندق: على الكسكس والسلطات، أو مع الخبز والعسل في الفطور. "
         "لا يُسخَّن على نار قوية."),
        ("argan-oil",), "Roasted kernels, pressed", 300, (6, 6, 20),
        (({"volume": "100 ml"}, "140", 50), ({"volume": "250 ml"}, "310", 30)),
        handmade=False,
    ),
    Showcase(
        "TAM-AML-38", TAMANAR, "argan", "argan-jar",
        ("Amlou, almond and argan spread", "Amlou, pâte d'amandes et d'argan", "Amlou, crema de almendras y argán",
         "أملو باللوز والأركان"),
        ("Roasted almonds ground on the stone mill with argan oil and thyme honey: the spread of the Souss, eaten "
         "with bread. No added sugar or oil.",
         "Amandes grillées broyées au moulin de pierre avec l'huile d'argan et le miel de thym : la pâte à tartiner "
         "du Souss, à manger avec du pain. Sans sucre ni huile ajoutés.",
         "Almendras tostadas molidas en molino de piedra con aceite de argán y miel de tomillo: la crema para untar "
         "del Sus, con pan. Sin azúcar ni aceite añadidos.",
         "لوز محمص مطحون بالرحى الحجرية مع زيت الأركان وعسل الزعتر: دهن أهل سوس الذي يؤكل مع الخبز. دون سكر أو "
         "زيت مضاف."),
        ("argan-oil",), "Stone-ground", 300, (8, 8, 9),
        (({"weight": "250 g"}, "95", 40), ({"weight": "500 g"}, "170", 25)),
        hs_code="2008.19", handmade=False,
    ),
    Showcase(
        "TAM-BSK-39", TAMANAR, "basketry", "basket-natural",
        ("Doum palm market basket with leather handles", "Panier de marché en doum, anses en cuir",
         "Cesta de mercado de palmito con asas de cuero", "قفة السوق من الدوم بمقابض جلدية"),
        ("Coiled from dwarf-palm leaves gathered around Tamanar and fitted with leather handles: strong enough for a "
         "week's vegetables.",
         "Spiralé en feuilles de palmier nain cueillies autour de Tamanar, avec anses en cuir : assez solide pour les "
         "légumes de la semaine.",
         "Trenzado en espiral con hojas de palmito recogidas en los alrededores de Tamanar, con asas de cuero: "
         "resistente para la verdura de la semana.",
         "ملفوفة من سعف الدوم المقطوف حول تمنار ومزودة بمقابض جلدية: متينة بما يكفي لخضر الأسبوع."),
        ("palm", "leather"), "Coiled doum palm", 500, (45, 20, 35),
        (({"size": "one size"}, "160", 25),),
    ),
    Showcase(
        "ESS-BOX-40", ESSAOUIRA, "woodwork", "thuya-box",
        ("Thuya burl jewellery box with lemonwood inlay",
         "Coffret à bijoux en loupe de thuya, marqueterie de citronnier",
         "Joyero de raíz de tuya con marquetería de limonero", "علبة مجوهرات من جذور العرعار مرصعة بخشب الليمون"),
        ("Made from the burl of the thuya, a tree that grows only around Essaouira, and inlaid with lemonwood. The "
         "wood smells of cedar when you open it.",
         "Façonné dans la loupe du thuya, arbre qui ne pousse qu'autour d'Essaouira, et incrusté de citronnier. Le "
         "bois sent le cèdre quand on l'ouvre.",
         "Tallado en raíz de tuya, árbol que solo crece alrededor de Esauira, con marquetería de limonero. La madera "
         "huele a cedro al abrirlo.",
         "مصنوعة من جذور العرعار، الشجرة التي لا تنمو إلا حول الصويرة، ومرصعة بخشب الليمون. تفوح منها رائحة الأرز "
         "حين تُفتح."),
        ("thuya",), "Thuya burl, lemonwood marquetry", 450, (18, 12, 8),
        (({"length": "14 cm"}, "190", 15), ({"length": "20 cm"}, "320", 10), ({"length": "26 cm"}, "480", 6)),
    ),
    Showcase(
        "ESS-CHS-41", ESSAOUIRA, "woodwork", "thuya-chess",
        ("Thuya and lemonwood chessboard", "Échiquier en thuya et citronnier", "Tablero de ajedrez de tuya y limonero",
         "رقعة شطرنج من العرعار وخشب الليمون"),
        ("Sixty-four squares of dark thuya burl and pale lemonwood, assembled and varnished by hand in the skala of "
         "Essaouira. Pieces not included.",
         "Soixante-quatre cases de loupe de thuya foncée et de citronnier clair, assemblées et vernies à la main dans "
         "la skala d'Essaouira. Pièces non fournies.",
         "Sesenta y cuatro casillas de raíz de tuya oscura y limonero claro, ensambladas y barnizadas a mano en la "
         "skala de Esauira. Piezas no incluidas.",
         "أربعة وستون مربعاً من جذور العرعار الداكنة وخشب الليمون الفاتح، مجمعة ومطلية يدوياً في سقالة الصويرة. "
         "القطع غير مضمنة."),
        ("thuya", "cedar"), "Marquetry, hand-varnished", 1800, (40, 40, 4),
        (({"size": "40 cm"}, "780", 5), ({"size": "50 cm"}, "1150", 3)),
        hs_code="9504.90",
    ),
    Showcase(
        "ESS-BWL-42", ESSAOUIRA, "woodwork", "thuya-box",
        ("Thuya wood salad bowl", "Saladier en bois de thuya", "Ensaladera de madera de tuya",
         "سلطانية من خشب العرعار"),
        ("A salad bowl turned on the bow lathe from a single piece of thuya and finished with food-safe oil.",
         "Saladier tourné à l'archet dans une seule pièce de thuya et fini à l'huile alimentaire.",
         "Ensaladera torneada con torno de arco en una sola pieza de tuya y acabada con aceite alimentario.",
         "سلطانية مخروطة بالمخرطة القوسية من قطعة واحدة من العرعار ومطلية بزيت غذائي."),
        ("thuya",), "Bow-lathe turned", 700, (26, 26, 10),
        (({"diameter": "24 cm"}, "290", 8), ({"diameter": "30 cm"}, "420", 5)),
        hs_code="4419.90",
    ),
    Showcase(
        "FES-CAF-43", FES_SFIFA, "caftans", "caftan-emerald",
        ("Emerald silk caftan with sfifa trim", "Caftan en soie vert émeraude à sfifa",
         "Caftán de seda verde esmeralda con sfifa", "قفطان من الحرير الأخضر الزمردي بالسفيفة"),
        ("A caftan in emerald silk crepe, closed with a row of hand-knotted aakad buttons and edged in gold sfifa "
         "braid, with its embroidered belt. Made to your measurements.",
         "Caftan en crêpe de soie vert émeraude, fermé par une rangée de boutons aakad noués main et bordé de sfifa "
         "dorée, avec sa ceinture brodée. Fait à vos mesures.",
         "Caftán de crepé de seda verde esmeralda, cerrado con una fila de botones aakad anudados a mano y ribeteado "
         "con trenza sfifa dorada, con su cinturón bordado. Hecho a su medida.",
         "قفطان من كريب الحرير الأخضر الزمردي، يُغلق بصف من أزرار العقاد المعقودة يدوياً ومحاط بسفيفة ذهبية، مع "
         "حزامه المطرز. يُفصَّل على مقاسك."),
        ("silk",), "Hand-sewn, sfifa and aakad by hand", 1100, (120, 60, 4),
        (({"size": "S"}, "4800", 2), ({"size": "M"}, "4800", 2), ({"size": "L"}, "5200", 1)),
        lead_time_days=30,
    ),
    Showcase(
        "FES-CAF-44", FES_SFIFA, "caftans", "caftan-saffron",
        ("Saffron cotton caftan for every day", "Caftan d'intérieur en coton safran",
         "Caftán de algodón azafrán para diario", "قفطان قطني زعفراني للاستعمال اليومي"),
        ("A light cotton caftan to wear at home or in summer, saffron yellow with a madder-red sfifa down the front.",
         "Caftan léger en coton à porter à la maison ou l'été, jaune safran avec une sfifa rouge garance sur le "
         "devant.",
         "Caftán ligero de algodón para casa o para el verano, amarillo azafrán con una sfifa rojo rubia en la parte "
         "delantera.",
         "قفطان قطني خفيف للبيت أو للصيف، بالأصفر الزعفراني مع سفيفة حمراء فوية على الصدر."),
        ("cotton",), "Machine-sewn, sfifa by hand", 600, (115, 55, 3),
        (({"size": "S"}, "890", 6), ({"size": "M"}, "890", 8), ({"size": "L"}, "890", 5)),
        handmade=False,
    ),
    Showcase(
        "FES-DJL-45", FES_SFIFA, "djellabas", "djellaba-indigo",
        ("Midnight-blue women's djellaba", "Djellaba femme bleu nuit", "Chilaba de mujer azul noche",
         "جلابة نسائية زرقاء ليلية"),
        ("A fine wool-blend djellaba in midnight blue, the hood lined and the edges finished with white sfifa, for "
         "going out and for holidays.",
         "Djellaba en lainage fin bleu nuit, capuche doublée et bords finis de sfifa blanche, pour sortir et pour "
         "les fêtes.",
         "Chilaba de lana fina azul noche, capucha forrada y bordes rematados con sfifa blanca, para salir y para las "
         "fiestas.",
         "جلابة من الصوف الرقيق باللون الأزرق الليلي، بقبّ مبطن وحواف مزينة بسفيفة بيضاء، للخروج وللأعياد."),
        ("wool",), "Hand-finished, sfifa trim", 1000, (140, 60, 3),
        (({"size": "S"}, "1350", 3), ({"size": "M"}, "1350", 5), ({"size": "L"}, "1350", 4)),
    ),
    Showcase(
        "FES-TBL-46", FES_SFIFA, "textiles", "cushion-embroidered",
        ("Fes-embroidered tablecloth", "Nappe brodée de Fès", "Mantel bordado de Fez", "مفرش مائدة بطرز فاسي"),
        ("White cotton tablecloth embroidered in Fes stitch, the counted, reversible 'terz fassi' that looks the same "
         "on both sides.",
         "Nappe en coton blanc brodée au point de Fès, le « terz fassi » compté et réversible, identique des deux "
         "côtés.",
         "Mantel de algodón blanco bordado con punto de Fez, el «terz fassi» contado y reversible, igual por ambas "
         "caras.",
         "مفرش من القطن الأبيض مطرز بالطرز الفاسي المعدود، الذي يبدو متطابقاً على الوجهين."),
        ("cotton",), "Counted-thread Fes embroidery", 900, (180, 140, 0.5),
        (({"size": "140 × 180 cm"}, "1200", 4), ({"size": "160 × 240 cm"}, "1650", 2)),
        hs_code="6302.51",
    ),
]  # fmt: skip


def showcase_seed(*, reviewer, pool) -> int:
    """Create the showcase products that do not exist yet, through the services."""
    existing = set(Product.objects.filter(slug__in=[item.slug for item in SHOWCASE]).values_list("slug", flat=True))
    wanted = [item for item in SHOWCASE if item.slug not in existing]
    if not wanted:
        return 0
    artisans = verified_makers()
    categories = {category.slug: category for category in Category.objects.all()}
    materials = {material.slug: material for material in Material.objects.all()}
    created = 0
    for item in wanted:
        artisan = artisans.get(item.artisan)
        if artisan is None:
            continue
        length, width, height = (Decimal(str(value)) for value in item.size_cm)
        with transaction.atomic():
            product = services.product_create(
                artisan=artisan,
                actor=artisan.user,
                materials=[materials[slug] for slug in item.materials],
                variants=[
                    {
                        "sku": f"{item.code}-{number}",
                        "options": options,
                        "price_mad": Decimal(price),
                        "stock": stock,
                        "position": number - 1,
                    }
                    for number, (options, price, stock) in enumerate(item.variants, start=1)
                ],
                category=categories[item.category],
                **{f"title_{language}": text for language, text in zip(LANGUAGES, item.title, strict=True)},
                **{f"description_{language}": text for language, text in zip(LANGUAGES, item.description, strict=True)},
                original_language=artisan.user.preferred_language,
                technique=item.technique,
                made_to_order=item.lead_time_days > 0,
                lead_time_days=item.lead_time_days,
                hs_code=item.hs_code,
                weight_grams=item.weight_grams,
                length_cm=length,
                width_cm=width,
                height_cm=height,
            )
            if product.slug != item.slug:  # free (checked above): keep the key stable
                Product.objects.filter(pk=product.pk).update(slug=item.slug)
            photo = pool[item.motif]
            ProductPhoto.objects.bulk_create(
                product_photo_rows(product.pk, dict(zip(LANGUAGES, item.title, strict=True)), [photo])
            )
            Product.objects.filter(pk=product.pk).update(thumbnail=photo.thumbnail)
            services.product_submit(product=product, actor=artisan.user)
            services.product_approve(product=product, actor=reviewer, reason="Demo data")
            if item.handmade:
                services.product_set_handmade_mark(product=product, actor=reviewer, granted=True)
        created += 1
    return created
