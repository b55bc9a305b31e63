"""Static charts (PNG) for the Word report: matplotlib with Noto Sans CJK SC from ``mplfonts``
so Chinese labels render as glyphs, never as missing-glyph boxes."""

import io
from functools import cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from jinye.reports.builder import Chart  # noqa: E402

COLOURS = ["#2f6f4e", "#d9a441", "#5b8db8", "#b85b5b", "#8a7bb8"]


@cache
def cjk_font() -> str:
    """Register the bundled Noto Sans CJK SC and return its family name."""
    import mplfonts

    path = Path(mplfonts.__file__).parent / "fonts" / "NotoSansCJKsc-Regular.otf"
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def render_png(chart: Chart, *, dpi: int = 150) -> bytes:
    family = cjk_font()
    with plt.rc_context({"font.family": family, "axes.unicode_minus": False}):
        fig, ax = plt.subplots(figsize=(6.4, 3.4), dpi=dpi)
        try:
            if chart.kind == "pie":
                values = next(iter(chart.series.values()))
                pairs = [(c, v) for c, v in zip(chart.categories, values, strict=True) if v > 0]
                # a legend, not wedge labels: small classes' labels would overlap
                wedges, *_ = ax.pie(
                    [v for _, v in pairs], colors=COLOURS[: len(pairs)], startangle=90
                )
                ax.legend(
                    wedges,
                    [f"{c} {v:.2f}%" for c, v in pairs],
                    loc="center left",
                    bbox_to_anchor=(1, 0.5),
                    frameon=False,
                )
                ax.axis("equal")
            else:
                n = len(chart.series)
                width = 0.8 / max(n, 1)
                for i, (name, values) in enumerate(chart.series.items()):
                    xs = [x + i * width - 0.4 + width / 2 for x in range(len(chart.categories))]
                    ax.bar(xs, values, width, label=name, color=COLOURS[i % len(COLOURS)])
                ax.set_xticks(range(len(chart.categories)), chart.categories)
                ax.tick_params(axis="x", labelrotation=30 if len(chart.categories) > 5 else 0)
                ax.axhline(0, color="#888", linewidth=0.6)
                if n > 1:
                    ax.legend()
            ax.set_title(chart.title)
            fig.tight_layout()
            buf = io.BytesIO()
            fig.savefig(buf, format="png")
            return buf.getvalue()
        finally:
            plt.close(fig)
