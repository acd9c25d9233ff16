"""Deployment checks for the export paperwork.

WeasyPrint needs Pango (no PDF at all without it) and subsets the embedded
fonts of every PDF. With HarfBuzz's subset library that takes a few
milliseconds; without it WeasyPrint falls back to fontTools, which re-reads
the font tables in Python, makes each render about three times slower and
only logs a warning per font per document. Both are reported here, where a
deployment sees them, rather than found in the render times."""

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
