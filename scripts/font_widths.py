"""Write journeys/figures/font_widths.json: advance widths of the map's font, measured once.

The figures ask for "Arial, 'Liberation Sans', 'DejaVu Sans'": Liberation Sans has Arial's
metrics, and Chromium (kaleido, the app's browser) falls back to DejaVu Sans for glyphs
Liberation lacks (★, ✖). Widths are in thousandths of an em, so ``text_metrics`` can measure a
label at any size without a font file at run time. Needs Debian's fonts-liberation and
fonts-dejavu-core; run ``python scripts/font_widths.py`` after changing the ranges.
"""

from __future__ import annotations

import json
from pathlib import Path

from PIL import ImageFont

FONTS = Path("/usr/share/fonts/truetype")
RANGES = [(0x20, 0x250), (0x2010, 0x2050), (0x20AC, 0x20AD), (0x2190, 0x21A0),
          (0x2600, 0x2700), (0x2700, 0x27C0)]
OUT = Path(__file__).resolve().parent.parent / "journeys" / "figures" / "font_widths.json"


def widths(style: str) -> dict[str, float]:
    main = ImageFont.truetype(str(FONTS / f"liberation/LiberationSans-{style}.ttf"), 1000,
                              layout_engine=ImageFont.Layout.BASIC)
    fallback = ImageFont.truetype(
        str(FONTS / ("dejavu/DejaVuSans.ttf" if style == "Regular"
                     else "dejavu/DejaVuSans-Bold.ttf")), 1000,
        layout_engine=ImageFont.Layout.BASIC)
    missing = main.getlength("\uffff")  # the "no glyph" box
    table = {}
    for low, high in RANGES:
        for code in range(low, high):
            char = chr(code)
            width = main.getlength(char)
            if width == missing:
                width = fallback.getlength(char)
            table[char] = round(width, 1)
    return table


if __name__ == "__main__":
    OUT.write_text(json.dumps({"regular": widths("Regular"), "bold": widths("Bold")},
                              ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {OUT}")
