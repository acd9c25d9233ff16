import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction

from bench.floors.models import FloorRow

CATEGORIES = ("pottery", "carpets", "leather", "metalwork", "woodwork", "jewellery", "zellige", "textiles")


class Command(BaseCommand):
    help = "Fill the floor table with ROWS rows (replacing what it holds)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=10_000)

    def handle(self, *args, rows, **options):
        rng = random.Random(7)
        start = datetime(2026, 1, 1, tzinfo=UTC)
        with transaction.atomic():
            FloorRow.objects.all().delete()
            FloorRow.objects.bulk_create(
                (
                    FloorRow(
                        name=f"Floor row {number}",
                        code=f"FLOOR-{number:05d}",
                        category=CATEGORIES[number % len(CATEGORIES)],
                        description="A plain row: the same size of text as a product card.",
                        price=Decimal(rng.randint(1000, 600000)) / 100,
                        quantity=rng.randint(0, 50),
                        rating=round(rng.uniform(3, 5), 2),
                        active=number % 10 != 0,
                        created_at=start + timedelta(minutes=number),
                    )
                    for number in range(1, rows + 1)
                ),
                batch_size=2000,
            )
        self.stdout.write(f"Floor table: {FloorRow.objects.count()} rows.")
