import io
import re

import pytest
from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    """Every page's text, as a reader (and customs software) extracts it."""
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def plain(text: str) -> str:
    """Whitespace of any kind and length as one space: line breaks fall where
    the layout puts them, and French amounts group with U+202F."""
    return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\xa0", " "))


@pytest.fixture
def read_document():
    def read(document) -> str:
        with document.file.open("rb") as handle:
            return plain(pdf_text(handle.read()))

    return read
