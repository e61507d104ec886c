"""Bar charts for the documents, drawn with Pillow into a PNG so the same image goes into the
PDF and the .docx (Word cannot show SVG or a JavaScript chart)."""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFont

from fanzha.notices.fonts import sans_font_path

WIDTH, HEIGHT = 1200, 560
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 80, 30, 70, 130
COLOURS = ["#c0392b", "#7f8c8d", "#2c3e50"]
TICKS = 4


def grouped_bars(
    categories: Sequence[str], series: Sequence[tuple[str, Sequence[int]]], title: str
) -> bytes:
    """A grouped bar chart as PNG bytes: one group per category, one bar per series."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    font_path = str(sans_font_path())
    font = ImageFont.truetype(font_path, 20)
    small = ImageFont.truetype(font_path, 17)
    title_font = ImageFont.truetype(font_path, 26)
    draw.text((WIDTH // 2, 20), title, fill="black", font=title_font, anchor="mt")
    # The axis top is a multiple of the tick count so every tick label is a whole number.
    highest = max([1, *(v for _name, values in series for v in values)])
    top = TICKS * math.ceil(highest / TICKS)
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    base_y = MARGIN_TOP + plot_h
    draw.line((MARGIN_LEFT, MARGIN_TOP, MARGIN_LEFT, base_y), fill="black", width=2)
    draw.line((MARGIN_LEFT, base_y, WIDTH - MARGIN_RIGHT, base_y), fill="black", width=2)
    for step in range(TICKS + 1):
        value = top * step // TICKS
        y = base_y - plot_h * step / TICKS
        draw.text((MARGIN_LEFT - 8, y), str(value), fill="black", font=small, anchor="rm")
        if step:
            draw.line((MARGIN_LEFT, y, WIDTH - MARGIN_RIGHT, y), fill="#dddddd", width=1)
    groups = max(1, len(categories))
    group_w = plot_w / groups
    bar_w = group_w * 0.8 / max(1, len(series))
    for g, label in enumerate(categories):
        x0 = MARGIN_LEFT + g * group_w + group_w * 0.1
        for s, (_name, values) in enumerate(series):
            value = values[g] if g < len(values) else 0
            h = plot_h * value / top
            x = x0 + s * bar_w
            draw.rectangle((x, base_y - h, x + bar_w - 2, base_y), fill=COLOURS[s % len(COLOURS)])
        draw.text(
            (MARGIN_LEFT + g * group_w + group_w / 2, base_y + 10),
            label[:6],
            fill="black",
            font=small,
            anchor="mt",
        )
        if len(label) > 6:
            draw.text(
                (MARGIN_LEFT + g * group_w + group_w / 2, base_y + 32),
                label[6:12],
                fill="black",
                font=small,
                anchor="mt",
            )
    legend_x = MARGIN_LEFT
    for s, (name, _values) in enumerate(series):
        draw.rectangle(
            (legend_x, HEIGHT - 40, legend_x + 22, HEIGHT - 18), fill=COLOURS[s % len(COLOURS)]
        )
        draw.text((legend_x + 30, HEIGHT - 29), name, fill="black", font=font, anchor="lm")
        legend_x += 60 + int(draw.textlength(name, font=font))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
