"""Filters that refuse what they cannot read: a 400 naming the parameter,
where django-filter and DRF would quietly ignore it (`?in_stock=maybe`,
`?ordering=colour`) and answer everything."""

import django_filters
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import filters
from rest_framework.exceptions import ValidationError

TRUE_VALUES = {"true", "1"}
FALSE_VALUES = {"false", "0"}


class StrictBooleanField(forms.Field):
    widget = forms.TextInput  # the raw text: Django's boolean widgets turn "maybe" into "no filter"
    default_error_messages = {"invalid": gettext_lazy("Enter true or false.")}

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in TRUE_VALUES:
            return True
        if text in FALSE_VALUES:
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class StrictOrderingFilter(filters.OrderingFilter):
    """DRF's ordering, with an unknown field a 400 and the choices an enum in
    the schema. Only a view that lists its `ordering_fields` offers ordering
    (DRF's default, every serializer field, includes relations that repeat rows)."""

    def get_ordering(self, request, queryset, view):
        if not self.offered_terms(view):
            return self.get_default_ordering(view)
        terms = [term.strip() for term in request.query_params.get(self.ordering_param, "").split(",") if term.strip()]
        unknown = [term for term in terms if term not in self.offered_terms(view)]
        if unknown:
            message = _("Unknown ordering: %(terms)s. Use one of: %(choices)s.") % {
                "terms": ", ".join(unknown),
                "choices": ", ".join(self.offered_terms(view)),
            }
            raise ValidationError({self.ordering_param: [message]})
        return super().get_ordering(request, queryset, view)

    @staticmethod
    def offered_terms(view) -> list[str]:
        fields = getattr(view, "ordering_fields", None)
        if not isinstance(fields, (list, tuple)):
            return []
        return [term for name in fields for term in (name, f"-{name}")]

    def get_schema_operation_parameters(self, view):
        terms = self.offered_terms(view)
        if not terms:
            return []
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"] = {"type": "string", "enum": terms}
        return parameters
