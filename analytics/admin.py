"""Export figures in the admin: the Trade Pact thresholds (operators edit
them), and two pages on the admin site (analytics.admin_views): the export
dashboard and the Trade Pact eligibility report, linked from the index."""

from django.contrib import admin

from analytics.models import TradePactThreshold
from marketplace.admin_security import SuperuserOnlyAdmin

# The index links the dashboard and the eligibility report for those who read them.
admin.site.index_template = "analytics/admin/index.html"

# The index links the dashboard and the eligibility report for those who read them.


@admin.register(TradePactThreshold)
class TradePactThresholdAdmin(SuperuserOnlyAdmin):
    list_display = ["valid_from", "amount_mad", "note"]
    date_hierarchy = "valid_from"
    ordering = ["-valid_from"]
    fields = ["valid_from", "amount_mad", "note"]
