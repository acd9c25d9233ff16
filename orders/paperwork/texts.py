"""Legal wordings printed on the documents. They are the agreements' own
language versions, kept verbatim here rather than in the translation
catalogs: a translator's rewording would no longer be the declaration the
rules of origin prescribe."""

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
}
EU_AUTHORISATION = {
    "en": " (customs or competent governmental authorisation No {number})",
    "fr": " (autorisation douanière ou de l'autorité gouvernementale compétente n° {number})",
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

# Elsewhere: no preference is claimed, only the (non-preferential) origin.
PLAIN_ORIGIN = {
    "en": "The exporter declares that the goods described in this document are of Moroccan origin (Made in Morocco).",
    "fr": (
        "L'exportateur déclare que les marchandises décrites dans le présent document sont d'origine marocaine "
        "(Made in Morocco)."
    ),
}
