"""Small server-side SVG charts for the desk dashboard (pure functions, no JavaScript)."""

from html import escape

from django.utils.safestring import mark_safe


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def bar_chart(items, *, title: str, width: int = 640, height: int = 220, label_every: int = 1):
    """Vertical bars for [(label, value)]; every `label_every`-th label is printed."""
    pad_left, pad_bottom, pad_top = 36, 34, 12
    inner_w, inner_h = width - pad_left - 8, height - pad_bottom - pad_top
    top = max([v for _label, v in items] + [1])
    step = inner_w / max(len(items), 1)
    bar_w = max(step * 0.7, 1)
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} '
        f'{height}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
        f'<line x1="{pad_left}" y1="{pad_top + inner_h}" x2="{width - 8}" '
        f'y2="{pad_top + inner_h}" class="axis"/>',
        f'<text x="{pad_left - 4}" y="{pad_top + 8}" class="tick" text-anchor="end">'
        f"{_fmt(top)}</text>",
        f'<text x="{pad_left - 4}" y="{pad_top + inner_h}" class="tick" text-anchor="end">0</text>',
    ]
    for i, (label, value) in enumerate(items):
        h = inner_h * value / top
        x = pad_left + i * step + (step - bar_w) / 2
        y = pad_top + inner_h - h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" class="bar">'
            f"<title>{escape(str(label))}: {_fmt(value)}</title></rect>"
        )
        if i % label_every == 0:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{height - pad_bottom + 14}" class="tick" '
                f'text-anchor="middle">{escape(str(label))}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - labels escaped above


def hbar_chart(items, *, title: str, width: int = 640, row: int = 26):
    """Horizontal bars for [(label, value)], the value printed after each bar."""
    label_w, pad = 190, 8
    height = max(len(items), 1) * row + pad * 2
    top = max([v for _label, v in items] + [1])
    inner_w = width - label_w - 60
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} '
        f'{height}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for i, (label, value) in enumerate(items):
        y = pad + i * row
        w = inner_w * value / top
        parts.append(
            f'<text x="{label_w - 6}" y="{y + row * 0.65:.1f}" class="tick" text-anchor="end">'
            f"{escape(str(label))}</text>"
            f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row - 8}" class="bar"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + row * 0.65:.1f}" class="tick">'
            f"{_fmt(value)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - labels escaped above
