from django.db import migrations

# slug: (en, fr, es, ar)
CRAFTS = {
    "pottery": ("Pottery and ceramics", "Poterie et céramique", "Alfarería y cerámica", "الفخار والخزف"),
    "zellige": ("Zellige and tiles", "Zellige et carreaux", "Zellige y azulejos", "الزليج"),
    "carpets": ("Carpets and rugs", "Tapis", "Alfombras", "الزرابي"),
    "weaving": ("Textiles and weaving", "Textile et tissage", "Textiles y tejido", "النسيج"),
    "clothing": ("Traditional clothing", "Vêtements traditionnels", "Ropa tradicional", "اللباس التقليدي"),
    "leather": ("Leather goods", "Maroquinerie", "Marroquinería", "الجلد"),
    "metalwork": ("Metalwork and lighting", "Dinanderie et luminaires", "Metalistería e iluminación", "النحاسيات والإنارة"),
    "woodwork": ("Woodwork (thuya, cedar)", "Travail du bois (thuya, cèdre)", "Madera (tuya, cedro)", "الخشب (العرعار، الأرز)"),
    "jewellery": ("Jewellery", "Bijouterie", "Joyería", "المجوهرات"),
    "basketry": ("Basketry", "Vannerie", "Cestería", "السلالة"),
    "argan": ("Argan and cosmetics", "Argan et cosmétiques", "Argán y cosmética", "الأركان ومستحضرات التجميل"),
}


def seed_crafts(apps, schema_editor):
    Craft = apps.get_model("artisans", "Craft")
    for slug, (en, fr, es, ar) in CRAFTS.items():
        Craft.objects.update_or_create(
            slug=slug, defaults={"name": en, "name_en": en, "name_fr": fr, "name_es": es, "name_ar": ar}
        )


class Migration(migrations.Migration):
    dependencies = [("artisans", "0001_initial")]

    operations = [migrations.RunPython(seed_crafts, migrations.RunPython.noop)]
