from django.db import migrations

# slug: (parent slug, default HS-6, en, fr, es, ar)
CATEGORIES = [
    ("pottery", None, "6912.00", "Pottery and ceramics", "Poterie et céramique", "Alfarería y cerámica", "الفخار والخزف"),
    ("tagines-tableware", "pottery", "6912.00", "Tagines and tableware", "Tajines et vaisselle", "Tajines y vajilla", "الطواجين وأواني المائدة"),
    ("decorative-ceramics", "pottery", "6913.90", "Decorative ceramics", "Céramique décorative", "Cerámica decorativa", "الخزف الزخرفي"),
    ("carpets", None, "5701.10", "Carpets and rugs", "Tapis", "Alfombras", "الزرابي"),
    ("knotted-carpets", "carpets", "5701.10", "Hand-knotted carpets", "Tapis noués main", "Alfombras anudadas a mano", "زرابي معقودة يدوياً"),
    ("kilims", "carpets", "5702.10", "Kilims and flat-woven rugs", "Kilims et tapis tissés à plat", "Kilims y alfombras planas", "الحنابل والزرابي المنسوجة"),
    ("clothing", None, "6204.49", "Traditional clothing", "Vêtements traditionnels", "Ropa tradicional", "اللباس التقليدي"),
    ("caftans", "clothing", "6204.49", "Caftans", "Caftans", "Caftanes", "القفاطين"),
    ("djellabas", "clothing", "6211.39", "Djellabas", "Djellabas", "Chilabas", "الجلابيب"),
    ("leather", None, "4202.21", "Leather goods", "Maroquinerie", "Marroquinería", "المصنوعات الجلدية"),
    ("babouches", "leather", "6403.59", "Babouches", "Babouches", "Babuchas", "البلاغي"),
    ("leather-bags", "leather", "4202.21", "Leather bags", "Sacs en cuir", "Bolsos de cuero", "الحقائب الجلدية"),
    ("poufs", "leather", "9404.90", "Leather poufs", "Poufs en cuir", "Pufs de cuero", "البوفات الجلدية"),
    ("metalwork", None, "9405.50", "Metalwork and lighting", "Dinanderie et luminaires", "Metalistería e iluminación", "النحاسيات والإنارة"),
    ("woodwork", None, "4420.90", "Woodwork (thuya, cedar)", "Bois (thuya, cèdre)", "Madera (tuya, cedro)", "الخشب (العرعار، الأرز)"),
    ("jewellery", None, "7113.11", "Jewellery", "Bijoux", "Joyería", "المجوهرات"),
    ("zellige", None, "6907.30", "Zellige and tiles", "Zellige et carreaux", "Zellige y azulejos", "الزليج"),
    ("textiles", None, "6304.92", "Textiles and weaving", "Textile et tissage", "Textiles y tejido", "النسيج"),
    ("basketry", None, "4602.19", "Basketry", "Vannerie", "Cestería", "السلالة"),
    ("argan", None, "1515.90", "Argan and cosmetics", "Argan et cosmétiques", "Argán y cosmética", "الأركان ومستحضرات التجميل"),
]  # fmt: skip

# slug: (en, fr, es, ar)
MATERIALS = {
    "clay": ("Clay", "Argile", "Arcilla", "الطين"),
    "wool": ("Wool", "Laine", "Lana", "الصوف"),
    "cotton": ("Cotton", "Coton", "Algodón", "القطن"),
    "silk": ("Silk", "Soie", "Seda", "الحرير"),
    "leather": ("Leather", "Cuir", "Cuero", "الجلد"),
    "brass": ("Brass", "Laiton", "Latón", "النحاس الأصفر"),
    "copper": ("Copper", "Cuivre", "Cobre", "النحاس"),
    "silver": ("Silver", "Argent", "Plata", "الفضة"),
    "thuya": ("Thuya wood", "Bois de thuya", "Madera de tuya", "خشب العرعار"),
    "cedar": ("Cedar wood", "Bois de cèdre", "Madera de cedro", "خشب الأرز"),
    "palm": ("Palm and doum", "Palmier et doum", "Palma y palmito", "النخيل والدوم"),
    "argan-oil": ("Argan oil", "Huile d'argan", "Aceite de argán", "زيت الأركان"),
}


def seed(apps, schema_editor):
    Category = apps.get_model("catalog", "Category")
    Material = apps.get_model("catalog", "Material")
    by_slug = {}
    for position, (slug, parent, hs_code, en, fr, es, ar) in enumerate(CATEGORIES):
        by_slug[slug], _ = Category.objects.update_or_create(
            slug=slug,
            defaults={
                "parent": by_slug.get(parent),
                "default_hs_code": hs_code,
                "position": position,
                "name": en, "name_en": en, "name_fr": fr, "name_es": es, "name_ar": ar,
            },
        )  # fmt: skip
    for slug, (en, fr, es, ar) in MATERIALS.items():
        Material.objects.update_or_create(
            slug=slug, defaults={"name": en, "name_en": en, "name_fr": fr, "name_es": es, "name_ar": ar}
        )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
