from django.contrib.auth import password_validation
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from marketplace.errors import DomainError
from marketplace.models import User


@transaction.atomic
def user_register(*, email: str, password: str, full_name: str = "", preferred_language: str = "en") -> User:
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError(
            "An account with this e-mail address already exists.", fields={"email": ["Already registered."]}
        )
    candidate = User(email=email, full_name=full_name)
    password_validation.validate_password(password, user=candidate)
    user = User.objects.create_user(
        email=email, password=password, full_name=full_name, preferred_language=preferred_language
    )
    from marketplace.accounts import user_email_verification_send

    user_email_verification_send(user=user)  # on commit
    return user


@transaction.atomic
def user_update(*, user: User, **changes) -> User:
    allowed = {"full_name", "preferred_language", "preferred_currency"}
    for name, value in changes.items():
        if name not in allowed:
            raise DomainError(_("%(name)s cannot be changed here.") % {"name": name})
        setattr(user, name, value)
    user.save(update_fields=[*changes.keys()])
    return user


@transaction.atomic
def user_sessions_end(*, user: User) -> User:
    """Logs the user out everywhere: every access and refresh token issued so
    far is refused from now on (their stamp no longer matches)."""
    User.objects.filter(pk=user.pk).update(token_version=F("token_version") + 1)
    user.refresh_from_db(fields=["token_version"])
    return user
