"""The one base of every ModelAdmin of the project (issue 11).

- A list page answers only the lookups its own filters and date hierarchy
  use: any other `?field__lookup=` is refused (400), so no column can be
  guessed one character at a time.
- Secrets (below) are never listed, filtered, sorted, searched or shown, to
  anyone, superusers included, whatever a subclass declares.
- Autocomplete answers only for the fields an admin declares in
  `autocomplete_fields`.
- Operators' tables from other apps (auth groups, axes...) are re-registered
  on this base, superusers only.

Scoping by cooperative is artisans.scoping.CooperativeScopedAdmin, built on this.
"""

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.filters import FieldListFilter
from django.contrib.admin.utils import get_fields_from_path
from django.core.exceptions import FieldDoesNotExist, PermissionDenied

# Every value that opens something to whoever knows it, by model label.
SECRET_FIELDS: dict[str, frozenset[str]] = {
    "marketplace.User": frozenset({"password"}),
    "orders.Order": frozenset({"access_token"}),  # opens the order (cancel, refund) to anyone
    "orders.Cart": frozenset({"token"}),  # a guest's basket
    "orders.ExportDocument": frozenset({"verification_token"}),  # the public verification page
    "payments.Payment": frozenset({"client_secret"}),  # confirms the payment
    "artisans.PayoutDetails": frozenset({"rib", "iban"}),
    "payments.Payout": frozenset({"rib", "iban"}),
    "token_blacklist.OutstandingToken": frozenset({"token", "jti"}),
    "token_blacklist.BlacklistedToken": frozenset({"token"}),
}


def _secrets_of(model) -> frozenset[str]:
    # A history table (django-simple-history) keeps its model's secrets: same names.
    original = getattr(model, "instance_type", None)
    own = SECRET_FIELDS.get(model._meta.label, frozenset())
    return own | SECRET_FIELDS.get(original._meta.label, frozenset()) if original is not None else own


# Keys of provider payloads (webhook events) that carry a secret.
SECRET_KEYS = frozenset({"client_secret"})
REDACTED = "[hidden]"

SEARCH_PREFIXES = "^=@"


def redact_secrets(value):
    """A JSON value with every SECRET_KEYS entry replaced, at any depth."""
    if isinstance(value, dict):
        return {key: REDACTED if key in SECRET_KEYS else redact_secrets(item) for key, item in value.items()}
    if isinstance(value, list):
        return [redact_secrets(item) for item in value]
    return value


def _field_names(path: str) -> list[str]:
    return path.lstrip(SEARCH_PREFIXES).split("__")


def is_secret_path(model, path) -> bool:
    """Whether a field path (`order__access_token`, `rib__startswith`, `^iban`)
    reaches a secret column of `model` or of a model it leads to."""
    if not isinstance(path, str):
        return False
    current = model
    for name in _field_names(path):
        if current is None:
            return False
        if name in _secrets_of(current):
            return True
        try:
            field = current._meta.get_field(name)
        except FieldDoesNotExist:
            return False  # a lookup (startswith...), a transform or an admin method: the path ends here
        current = field.related_model if field.is_relation else None
    return False


def _filter_path(list_filter):
    if isinstance(list_filter, (tuple, list)):
        return list_filter[0]
    return list_filter if isinstance(list_filter, str) else None


def without_secrets(model, names) -> list:
    return [name for name in names if not is_secret_path(model, _filter_path(name))]


def without_secret_fields(model, fields) -> list:
    """`fields` of a form, where a tuple is several fields on one line."""
    cleaned = []
    for entry in fields:
        if isinstance(entry, (tuple, list)):
            entry = tuple(name for name in entry if not is_secret_path(model, name))
            if entry:
                cleaned.append(entry)
        elif not is_secret_path(model, entry):
            cleaned.append(entry)
    return cleaned


def without_secrets_in_fieldsets(model, fieldsets) -> list:
    return [
        (title, {**options, "fields": without_secret_fields(model, options.get("fields", ()))})
        for title, options in fieldsets
    ]


def local_secret_fields(model) -> set[str]:
    return set(_secrets_of(model))


class SecureModelAdmin(admin.ModelAdmin):
    """Every registered ModelAdmin derives from this (tests/admin_security checks it)."""

    # --- lookups: only what the page's filters and date hierarchy use ---------------------

    def actor_labeler(self, request, obj):
        """user -> how `request.user` sees them on `obj`'s history pages (None
        for the system). This default serves operators only and refuses anyone
        else: an admin a cooperative admin reaches names users with the API's
        rule (artisans.scoping.CooperativeScopedAdmin)."""
        if not (request.user.is_active and request.user.is_superuser):
            raise PermissionDenied
        return lambda user: None if user is None else str(user)

    def declared_lookups(self, request) -> set[str]:
        """The query parameters this page's list filters and date hierarchy
        read. Worked out from the filters themselves (expected_parameters),
        once per request."""
        cache = request.__dict__.setdefault("_secure_admin_lookups", {})
        key = id(self)
        if key not in cache:
            cache[key] = self._lookups_of_filters(request)
        return cache[key]

    def _lookups_of_filters(self, request) -> set[str]:
        allowed = set()
        for list_filter in self.get_list_filter(request):
            if isinstance(list_filter, (tuple, list)):
                path, filter_class = list_filter
            elif isinstance(list_filter, str):
                path, filter_class = list_filter, FieldListFilter.create
            else:  # a SimpleListFilter (or any callable filter class)
                allowed.update(list_filter(request, {}, self.model, self).expected_parameters())
                continue
            field = get_fields_from_path(self.model, path)[-1]
            spec = filter_class(field, request, {}, self.model, self, field_path=path)
            allowed.update(spec.expected_parameters())
        date_hierarchy = self.get_date_hierarchy(request)
        if date_hierarchy:
            allowed.update(f"{date_hierarchy}__{part}" for part in ("year", "month", "day"))
        return {name for name in allowed if not is_secret_path(self.model, name)}

    def get_date_hierarchy(self, request):
        hierarchy = self.date_hierarchy
        return None if hierarchy and is_secret_path(self.model, hierarchy) else hierarchy

    def lookup_allowed(self, lookup, value, request=None):
        if request is None:
            return False
        return lookup in self.declared_lookups(request)

    # --- what a list shows, filters, searches and sorts -------------------------------------

    def get_list_filter(self, request):
        return without_secrets(self.model, super().get_list_filter(request))

    def get_list_display(self, request):
        return without_secrets(self.model, super().get_list_display(request))

    def get_search_fields(self, request):
        return without_secrets(self.model, super().get_search_fields(request))

    def get_sortable_by(self, request):
        return without_secrets(self.model, super().get_sortable_by(request))

    def get_autocomplete_fields(self, request):
        return without_secrets(self.model, super().get_autocomplete_fields(request))

    # --- what a change page shows -------------------------------------------------------

    def model_field_names(self) -> list[str]:
        """Every column but the secrets and the automatic id: for the admins that show a row read only."""
        return [
            field.name
            for field in self.model._meta.fields
            if not is_secret_path(self.model, field.name) and not (field.primary_key and field.auto_created)
        ]

    def get_readonly_fields(self, request, obj=None):
        return without_secrets(self.model, super().get_readonly_fields(request, obj))

    def get_exclude(self, request, obj=None):
        excluded = super().get_exclude(request, obj)
        secrets = local_secret_fields(self.model)
        if not secrets:
            return excluded
        if excluded is None:  # Django would then take the form's own Meta.exclude: keep it
            excluded = getattr(getattr(self.form, "_meta", None), "exclude", None)
        excluded = list(excluded or [])
        return excluded + sorted(secrets - set(excluded))

    def get_fields(self, request, obj=None):
        return without_secret_fields(self.model, super().get_fields(request, obj))

    def get_fieldsets(self, request, obj=None):
        return without_secrets_in_fieldsets(self.model, super().get_fieldsets(request, obj))

    # --- autocomplete: declared fields only ----------------------------------------------

    def get_search_results(self, request, queryset, search_term):
        match = request.resolver_match
        if match and match.url_name == "autocomplete" and not self._autocomplete_declared(request):
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)

    def _autocomplete_declared(self, request) -> bool:
        """Django's autocomplete view answers for any relation to a registered
        model; here only for those an admin offers as an autocomplete field."""
        try:
            source_model = apps.get_model(request.GET["app_label"], request.GET["model_name"])
        except (KeyError, LookupError):
            return False
        source_admin = self.admin_site._registry.get(source_model)
        if source_admin is None:
            return False
        return request.GET.get("field_name") in source_admin.get_autocomplete_fields(request)


class SuperuserOnlyAdmin(SecureModelAdmin):
    """Operators' tables: cooperative admins (staff) never see them, even if
    someone grants their group a model permission by mistake."""

    def _superuser(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return self._superuser(request)

    def has_view_permission(self, request, obj=None):
        return self._superuser(request)

    def has_add_permission(self, request):
        return self._superuser(request)

    def has_change_permission(self, request, obj=None):
        return self._superuser(request)

    def has_delete_permission(self, request, obj=None):
        return self._superuser(request)


class OtherAppSuperuserOnlyAdmin(SuperuserOnlyAdmin):
    """Another app's admin put on the base: superusers only, and never more
    than that app's own admin allows (axes refuses adding an access attempt)."""

    def _also_allowed_by_its_app(self, name, request, *args):
        return self._superuser(request) and getattr(super(SuperuserOnlyAdmin, self), name)(request, *args)

    def has_add_permission(self, request):
        return self._also_allowed_by_its_app("has_add_permission", request)

    def has_change_permission(self, request, obj=None):
        return self._also_allowed_by_its_app("has_change_permission", request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._also_allowed_by_its_app("has_delete_permission", request, obj)


# Other apps' admins that show secrets in their rows' names (OutstandingToken's
# str is its jti): not in our admin at all.
UNREGISTERED = ["token_blacklist.OutstandingToken", "token_blacklist.BlacklistedToken"]


def admin_site_secure(site=admin.site):
    """Once every admin module is imported (MarketplaceConfig.ready): drop the
    admins that leak secrets and put every other app's admin on the base,
    superusers only."""
    for label in UNREGISTERED:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        if site.is_registered(model):
            site.unregister(model)
    for model, model_admin in list(site._registry.items()):
        if isinstance(model_admin, SecureModelAdmin):
            continue
        original = type(model_admin)
        secured = type(
            original.__name__,
            (OtherAppSuperuserOnlyAdmin, original),
            {"__module__": original.__module__, "secured_by_wrapping": True},
        )
        site.unregister(model)
        site.register(model, secured)
