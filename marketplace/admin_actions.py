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
        if "confirm" in request.POST:
            form = ReasonForm(request.POST)
            if form.is_valid():
                self.apply_decision(request, queryset, decide, form.cleaned_data["reason"])
                return None
        else:
            form = ReasonForm()
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
