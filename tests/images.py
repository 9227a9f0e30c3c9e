"""Reading rendered images back in tests: PNG size, PDF page count, SVG text."""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which must come first."""
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def pdf_pages(data: bytes) -> int:
    """Count page objects (``/Type /Page``, not the ``/Pages`` tree node)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def svg_text(data: bytes) -> str:
    """All text of an SVG, white space folded."""
    return " ".join(" ".join(ET.fromstring(data).itertext()).split())
