"""Admin actions that call a service per selected row, optionally after
asking for a reason on an intermediate page. Refusals (DomainError) become
error messages per row; the others go through. And the same decisions as
buttons on an object's own page (PageButtonsMixin)."""

from functools import partial

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
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


class PageButtonsMixin:
    """Buttons on an object's change page, each a view of its own at
    `<object_id>/<name>/`, named `admin:<app>_<model>_<name>`. The object
    is looked up as the change page does (the admin's scoped queryset), and
    the view goes back to the change page when `page_button` returns None."""

    page_buttons: tuple[str, ...] = ()

    def page_button(self, request, obj, name):
        """The button's work on `obj`: a response (a form, a confirmation) or None."""
        raise NotImplementedError

    def page_button_url(self, obj, name) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}", args=[obj.pk])

    def change_page_url(self, obj) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])

    def get_urls(self):
        own = [
            path(f"<path:object_id>/{name}/", self.admin_site.admin_view(partial(self._page_button_view, name=name)),
                 name=f"{self.opts.app_label}_{self.opts.model_name}_{name}")
            for name in self.page_buttons
        ]  # fmt: skip
        return own + super().get_urls()

    def _page_button_view(self, request, object_id, name):
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_view_permission(request, obj):
            raise Http404
        return self.page_button(request, obj, name) or HttpResponseRedirect(self.change_page_url(obj))
