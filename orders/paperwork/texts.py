"""Legal wordings printed on the documents. They are the agreements' own
language versions, kept verbatim here rather than in the translation
catalogs: a translator's rewording would no longer be the declaration the
rules of origin prescribe.

English, French and Spanish are language versions of the pan-Euro-Mediterranean
origin declaration (Annex IV). The Arabic one follows the same sentence
element by element (exporter, authorisation, "except where otherwise clearly
indicated", preferential origin); have it checked against the Arabic text
Moroccan customs (ADII) publish before relying on it in a dispute. The other
texts (the EUR.1 notice, the US certification's translation, the plain
origin statement) are our own wordings, translated here with the same care."""

# EU-Morocco (pan-Euro-Mediterranean rules, origin declaration, Annex IV):
# "(authorisation No ...)" only when an approved exporter makes it.
EU_ORIGIN_DECLARATION = {
    "en": (
        "The exporter of the products covered by this document{authorisation} declares that, except where "
        "otherwise clearly indicated, these products are of Moroccan preferential origin."
    ),
    "fr": (
        "L'exportateur des produits couverts par le présent document{authorisation} déclare que, sauf indication "
        "claire du contraire, ces produits ont l'origine préférentielle marocaine."
    ),
    "es": (
        "El exportador de los productos incluidos en el presente documento{authorisation} declara que, salvo "
        "indicación en sentido contrario, estos productos gozan de un origen preferencial marroquí."
    ),
    "ar": (
        "يصرح مصدر المنتجات المشمولة بهذه الوثيقة{authorisation} بأن هذه المنتجات، ما لم يُذكر خلاف ذلك بوضوح، "
        "ذات منشأ تفضيلي مغربي."
    ),
}
EU_AUTHORISATION = {
    "en": " (customs or competent governmental authorisation No {number})",
    "fr": " (autorisation douanière ou de l'autorité gouvernementale compétente n° {number})",
    "es": " (autorización aduanera o de las autoridades gubernamentales competentes n° {number})",
    "ar": " (ترخيص الجمارك أو السلطة الحكومية المختصة رقم {number})",
}
EU_EUR1_NEEDED = {
    "en": (
        "This consignment's originating goods are worth more than EUR {limit} and the exporter has no "
        "approved-exporter authorisation: no origin declaration can be made on the invoice. To claim "
        "preferential treatment, a movement certificate EUR.1 endorsed by Moroccan customs must accompany "
        "the goods."
    ),
    "fr": (
        "Les marchandises originaires de cet envoi valent plus de {limit} EUR et l'exportateur n'a pas le "
        "statut d'exportateur agréé : aucune déclaration d'origine ne peut être faite sur la facture. Pour "
        "bénéficier du traitement préférentiel, un certificat de circulation EUR.1 visé par la douane "
        "marocaine doit accompagner les marchandises."
    ),
    "es": (
        "Las mercancías originarias de este envío valen más de {limit} EUR y el exportador no tiene la "
        "autorización de exportador autorizado: no puede hacerse ninguna declaración de origen en la factura. "
        "Para obtener el trato preferencial, las mercancías deben ir acompañadas de un certificado de circulación "
        "EUR.1 visado por la aduana marroquí."
    ),
    "ar": (
        "تتجاوز قيمة البضائع ذات المنشأ في هذه الإرسالية {limit} يورو، وليس للمصدر ترخيص المصدر المعتمد: "
        "لا يمكن تقديم أي تصريح بالمنشأ على الفاتورة. وللاستفادة من المعاملة التفضيلية، يجب أن ترفق البضائع "
        "بشهادة حركة EUR.1 مؤشر عليها من طرف الجمارك المغربية."
    ),
}

# US-Morocco FTA: no official form; the importer holds a certification with
# these elements. US customs read it in English, so English is always printed.
US_CERTIFICATION = (
    "I certify that the goods described in this document qualify as originating goods under the United "
    "States-Morocco Free Trade Agreement: they are wholly obtained or produced in Morocco, or contain at least "
    "35% Moroccan value content. The information in this document is true and accurate. I assume responsibility "
    "for proving these representations and will keep, and present on request, the documents that support this "
    "certification."
)
US_CERTIFICATION_FR = (
    "Je certifie que les marchandises décrites dans le présent document sont des marchandises originaires au sens "
    "de l'accord de libre-échange entre les États-Unis et le Maroc : elles sont entièrement obtenues ou produites "
    "au Maroc, ou comportent au moins 35 % de valeur marocaine. Les informations de ce document sont exactes. "
    "J'assume la responsabilité de prouver ces déclarations et conserverai, et présenterai sur demande, les "
    "documents qui justifient cette certification."
)
US_CERTIFICATION_ES = (
    "Certifico que las mercancías descritas en el presente documento son mercancías originarias conforme al Tratado "
    "de Libre Comercio entre los Estados Unidos y Marruecos: han sido enteramente obtenidas o producidas en "
    "Marruecos, o tienen al menos un 35 % de valor de contenido marroquí. La información de este documento es "
    "verdadera y exacta. Asumo la responsabilidad de probar estas declaraciones y conservaré, y presentaré cuando "
    "se me solicite, los documentos que respaldan esta certificación."
)
US_CERTIFICATION_AR = (
    "أشهد بأن البضائع الموصوفة في هذه الوثيقة بضائع ذات منشأ بمفهوم اتفاقية التبادل الحر بين الولايات المتحدة "
    "الأمريكية والمغرب: فهي متحصل عليها أو منتجة بالكامل في المغرب، أو تتضمن قيمة مغربية لا تقل عن 35%. "
    "والمعلومات الواردة في هذه الوثيقة صحيحة ودقيقة. وأتحمل مسؤولية إثبات هذه التصريحات، وسأحتفظ بالوثائق التي "
    "تدعم هذه الشهادة وأقدمها عند الطلب."
)
# The certification is printed in English; these follow it as a translation for the exporter.
US_CERTIFICATION_TRANSLATIONS = {"fr": US_CERTIFICATION_FR, "es": US_CERTIFICATION_ES, "ar": US_CERTIFICATION_AR}

# Elsewhere: no preference is claimed, only the (non-preferential) origin.
PLAIN_ORIGIN = {
    "en": "The exporter declares that the goods described in this document are of Moroccan origin (Made in Morocco).",
    "fr": (
        "L'exportateur déclare que les marchandises décrites dans le présent document sont d'origine marocaine "
        "(Made in Morocco)."
    ),
    "es": (
        "El exportador declara que las mercancías descritas en el presente documento son de origen marroquí "
        "(Made in Morocco)."
    ),
    "ar": "يصرح المصدر بأن البضائع الموصوفة في هذه الوثيقة ذات منشأ مغربي (Made in Morocco).",
}
