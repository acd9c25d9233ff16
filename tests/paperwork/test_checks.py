"""The deployment check for WeasyPrint's system libraries: the font subset
library decides whether a render takes ~90 ms or three times that."""

import logging

import pytest
from django.core import checks
from weasyprint.text import ffi

from orders.paperwork.checks import check_paperwork_libraries
from tests.paperwork.builders import paperwork_order

pytestmark = pytest.mark.django_db


def paperwork_messages():
    return [message for message in checks.run_checks() if message.id.startswith("paperwork.")]


def test_this_host_renders_with_harfbuzz_subset_and_reports_nothing():
    # make test installs libharfbuzz-subset0 (make system-packages): its absence is a defect here.
    assert paperwork_messages() == []


def test_a_host_without_the_subset_library_gets_a_warning_naming_the_package(monkeypatch):
    monkeypatch.setattr(ffi, "harfbuzz_subset", None)

    [warning] = check_paperwork_libraries()

    assert (warning.id, warning.level) == ("paperwork.W001", checks.WARNING)
    assert "libharfbuzz-subset0" in warning.hint


def test_generating_documents_never_falls_back_to_fonttools(caplog):
    from orders.paperwork import services

    artisan_order = paperwork_order()

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        services.export_documents_generate(artisan_order_id=artisan_order.pk)

    assert [record.getMessage() for record in caplog.records if record.name == "weasyprint"] == []
