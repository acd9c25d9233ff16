"""Every row lock of analytics: one, the roll-up's state row, which a
refresh holds from the days it reads to the time it writes, so that two
refreshes (beat and the command) run one after the other. Held with no
lock of the lower apps."""

from analytics.models import ExportRollup


def export_rollup_lock() -> ExportRollup:
    ExportRollup.objects.get_or_create(pk=1)
    return ExportRollup.objects.select_for_update().get(pk=1)
