"""Inlines that show records nobody edits by hand (events, lines, ledger
entries): every change to them goes through a service that records it."""

from django.contrib import admin


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_view_permission(self, request, obj=None):
        # Shown inside a row the parent admin already let this user see;
        # an inline that needs more scoping narrows its own queryset.
        return True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
