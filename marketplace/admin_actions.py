"""Admin actions that call a service per selected row, optionally after
asking for a reason on an intermediate page. Refusals (DomainError) become
error messages per row; the others go through."""

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainError


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)


class DecisionActionsMixin:
    decision_intro = _("The selected items:")

    def decision_done_message(self, count: int) -> str:
        raise NotImplementedError

    def apply_decision(self, request, queryset, decide, reason=""):
        """`decide(obj, reason)` calls the service for one row."""
        done = 0
        for obj in queryset:
            try:
                decide(obj, reason)
            except DomainError as error:
                self.message_user(request, f"{obj}: {error.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, self.decision_done_message(done), messages.SUCCESS)

    def decision_with_reason(self, request, queryset, decide, title):
        return self.decision_with_form(
            request, queryset, ReasonForm, lambda data: self.apply_decision(request, queryset, decide, data["reason"]),
            title,
        )  # fmt: skip

    def decision_with_form(self, request, queryset, form_class, apply, title):
        """Ask for `form_class` on an intermediate page; once it is valid,
        `apply(cleaned_data)` and back to the list."""
        if "confirm" in request.POST:
            form = form_class(request.POST)
            if form.is_valid():
                apply(form.cleaned_data)
                return None
        else:
            form = form_class()
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "intro": self.decision_intro,
            "queryset": queryset,
            "form": form,
            "action": request.POST.get("action"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/decision_reason.html", context)
