"""Set up the object storage's two buckets (README: Object storage): create
them if missing, let anyone read the public one's objects, leave the private
one readable only through signed URLs. Idempotent; run it with credentials
that may create buckets and set their policies."""

from botocore.exceptions import BotoCoreError, ClientError
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

from marketplace.storage_s3 import S3Storage, buckets_set_up


class Command(BaseCommand):
    help = "Create the S3 buckets if missing; the public one readable by anyone, the private one signed URLs only."

    def handle(self, *args, **options):
        public, private = storages["default"], storages["private"]
        if not (isinstance(public, S3Storage) and isinstance(private, S3Storage)):
            raise CommandError("S3_PUBLIC_BUCKET and S3_PRIVATE_BUCKET are not set: media are in local folders.")
        try:
            done = buckets_set_up(public=public, private=private)
        except (BotoCoreError, ClientError) as error:
            raise CommandError(f"Object storage not set up: {error}") from error
        for line in done:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Buckets ready."))
