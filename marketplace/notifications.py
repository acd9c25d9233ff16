"""E-mails to people, in their own language."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


def email_send(*, to: str, template: str, context: dict, language: str) -> None:
    """Render `<template>_subject.txt` and `<template>_body.txt` in `language` and send."""
    with translation.override(language):
        context = {"site_url": settings.SITE_URL, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    send_mail(subject, body, None, [to])
