"""The e-mail telling an artisan that someone (their cooperative admin, Souk
staff) did something for them: queued on commit through marketplace.effects,
so a rolled-back act never e-mails anyone."""

from marketplace import effects


def artisan_acted_for_notify(*, artisan, actor, act: str, subject: str = "") -> None:
    """`act`: a key of artisans.tasks.ACTS; `subject`: what it was done to
    (a product's title, a parcel's number), shown as is."""
    from artisans.tasks import send_acted_for_email  # tasks import the models

    effects.task_enqueue_on_commit(send_acted_for_email, artisan.pk, actor.pk, act, str(subject)[:200])
