"""The e-mails of returns and claims, queued on commit (marketplace.effects):
a rolled-back step never e-mails anyone.

- opened: to the parcel's artisan and to the admins of their cooperative,
  each in their own language (User.preferred_language);
- every later step: to the buyer, in the order's language;
- accepted: also to the artisan, in their language: the piece is coming back to them."""

from marketplace import effects


def _tasks():
    from returns import tasks  # tasks.py imports the models; loaded when used

    return tasks


def return_opened_notify(request) -> None:
    effects.task_enqueue_on_commit(_tasks().send_return_opened_email, request.pk)


def return_step_notify(request, event) -> None:
    effects.task_enqueue_on_commit(_tasks().send_return_step_email, request.pk, event.pk)
    if event.to_status == "accepted":
        effects.task_enqueue_on_commit(_tasks().send_return_expected_email, request.pk)
