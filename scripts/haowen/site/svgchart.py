"""Horizontal bar charts as inline SVG, drawn at build time (no JavaScript)."""

from __future__ import annotations

from haowen.text.safe import html_text as escape

# Drawn for a phone: 360 units wide, shown at most MAX_SHOWN px wide, so at 390 px (about 358 px of
# content) a unit is still about one pixel and the 13-unit labels render at 12.9 px; on a desktop at 17 px.
WIDTH = 360
MAX_SHOWN = 480
LABEL_WIDTH = 132
VALUE_WIDTH = 40
BAR_HEIGHT = 18
GAP = 6
FONT_SIZE = 13
LABEL_EMS = (LABEL_WIDTH - 8) / FONT_SIZE  # the room for a label, in ems (a CJK character is one)


def _ems(ch: str) -> float:
    return 1.0 if ord(ch) >= 0x2E80 else 0.6


def _short(label: str) -> str:
    """`label`, cut with … where it would run past the chart's left edge."""
    if sum(map(_ems, label)) <= LABEL_EMS:
        return label
    used, out = 1.0, []  # room for the …
    for ch in label:
        used += _ems(ch)
        if used > LABEL_EMS:
            break
        out.append(ch)
    return "".join(out) + "…"


def _bar(i: int, label: str, value: int, scale: float) -> str:
    y = i * (BAR_HEIGHT + GAP)
    text_y = y + BAR_HEIGHT / 2
    width = max(value * scale, 1.0) if value else 0.0
    return (
        f'<g class="hw-bar"><title>{escape(label)}：{value}</title>'
        f'<text x="{LABEL_WIDTH - 8}" y="{text_y}" text-anchor="end" dominant-baseline="central">'
        f"{escape(_short(label))}</text>"
        f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" rx="2" '
        f'style="fill: var(--md-primary-fg-color, #4051b5)"/>'
        f'<text x="{LABEL_WIDTH + width + 6:.1f}" y="{text_y}" dominant-baseline="central">{value}</text></g>'
    )


def bar_chart(rows: list[tuple[str, int]], title: str) -> str:
    """An SVG with one labelled bar per (label, value) row, longest bar spanning the plot width.

    Its text alternative is `title`, as aria-label and as <title> (screen readers differ in which they
    read); the stats page puts the full data in a table beside each chart.
    """
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    top = max((v for _, v in rows), default=0)
    scale = plot / top if top else 0.0
    height = max(len(rows) * (BAR_HEIGHT + GAP) - GAP, BAR_HEIGHT)
    bars = "".join(_bar(i, label, value, scale) for i, (label, value) in enumerate(rows))
    return (
        f'<svg class="hw-chart" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" style="max-width: {MAX_SHOWN}px; fill: currentColor" font-size="{FONT_SIZE}">'
        f"<title>{escape(title)}</title>{bars}</svg>"
    )
