"""Deployment checks for the export paperwork.

WeasyPrint needs Pango (no PDF at all without it) and subsets the embedded
fonts of every PDF. With HarfBuzz's subset library that takes a few
milliseconds; without it WeasyPrint falls back to fontTools, which re-reads
the font tables in Python, makes each render about three times slower and
only logs a warning per font per document. Both are reported here, where a
deployment sees them, rather than found in the render times."""

import re

from django.conf import settings
from django.core import checks

HARFBUZZ_SUBSET_MINIMUM = (4, 1, 0)
LIBRARIES_HINT = "Install libpango-1.0-0, libpangoft2-1.0-0 and libharfbuzz-subset0 (make system-packages does it)."


def weasyprint_libraries():
    """WeasyPrint's handles on the system libraries (raises OSError when Pango is missing)."""
    from weasyprint.text import ffi

    return ffi


def harfbuzz_subset_available(libraries) -> bool:
    """True when WeasyPrint found libharfbuzz-subset in a version it uses."""
    return libraries.harfbuzz_subset is not None and bool(
        libraries.harfbuzz.hb_version_atleast(*HARFBUZZ_SUBSET_MINIMUM)
    )


@checks.register(checks.Tags.compatibility)
def check_paperwork_libraries(app_configs=None, **kwargs):
    try:
        libraries = weasyprint_libraries()
    except OSError as error:
        return [
            checks.Error(
                f"WeasyPrint cannot load its system libraries: {error}", hint=LIBRARIES_HINT, id="paperwork.E001"
            )
        ]
    if harfbuzz_subset_available(libraries):
        return []
    return [
        checks.Warning(
            "HarfBuzz's font subset library is missing: export paperwork renders about three times slower.",
            hint=LIBRARIES_HINT,
            id="paperwork.W001",
        )
    ]


# The EU's IOSS identification number: "IM", the 3-digit code of the member state that
# issued it, and a 7-digit number.
IOSS_NUMBER = re.compile(r"IM\d{10}")


@checks.register()
def check_ioss_number(app_configs=None, **kwargs):
    """A mistyped IOSS number would be printed on every EU parcel's invoice and
    CN22/CN23: customs would not match it, and would charge the VAT again. An
    empty one is allowed (a marketplace that does not sell DDP to the EU): the
    documents then say that no IOSS number is registered (README)."""
    number = settings.MARKETPLACE_IOSS_NUMBER
    if not number or IOSS_NUMBER.fullmatch(number):
        return []
    return [
        checks.Error(
            f"MARKETPLACE_IOSS_NUMBER {number!r} is not an IOSS number.",
            hint='An IOSS number is "IM" followed by 10 digits, e.g. IM5040000000 (a fake one); or leave it empty.',
            id="paperwork.E002",
        )
    ]
