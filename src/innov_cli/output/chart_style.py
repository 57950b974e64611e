"""The charts' style sheet: page size, colours, hatches, fonts, axis styling and number
formats, in one place; and the one import of matplotlib (an optional extra).

`chart.py` draws with these; nothing else decides how a chart looks.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from innov_cli.errors import UsageProblem
from innov_cli.view.model import msg

if TYPE_CHECKING:
    from matplotlib.axes import Axes

# innov is installed from a clone, not from PyPI: name what works there.
INSTALL_HINT = "pip install matplotlib (or, in innov's project folder: pip install -e '.[charts]')"

# 1200×675 px: a common article width at 16:9.
WIDTH_IN, HEIGHT_IN, DPI = 12.0, 6.75, 100
# Okabe & Ito's palette: told apart with any common colour-vision deficiency; hatches keep the
# regions apart in greyscale print too.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")
HATCHES = ("", "///", "...", "xxx", "\\\\\\", "ooo", "---")
INK, MUTED, GRID = "#1a1a1a", "#555555", "#d9d9d9"
# Families tried for Chinese text, best first (fonts-noto-cjk, Adobe's Source Han, macOS,
# Windows, WenQuanYi).
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "PingFang SC",
    "Microsoft YaHei",
    "SimHei",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
)
CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


def matplotlib_module() -> Any:
    try:
        import matplotlib
    except ImportError as exc:
        if isinstance(exc, ModuleNotFoundError) and exc.name == "matplotlib":
            raise UsageProblem(
                msg("error.charts_need_matplotlib_which_is"),
                hint=msg("verbatim", text=INSTALL_HINT),
            ) from None
        # Installed but broken (e.g. built for another numpy): say so, not "not installed".
        raise UsageProblem(
            msg("error.charts_need_matplotlib_which_cannot", a0=exc),
            hint=msg("error.pip_install_u_matplotlib"),
        ) from None
    return matplotlib


def cjk_font() -> str | None:
    """The name of an installed font that has Chinese glyphs, or None."""
    matplotlib_module()
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def has_cjk(text: str) -> bool:
    return bool(CJK.search(text))


def text_width(text: str) -> int:
    """Text width in Latin characters: a Chinese character is about two."""
    return len(text) + len(CJK.findall(text))


def wrap(text: str, width: int) -> list[str]:
    """Lines at most `width` wide (as `_width` counts), broken at spaces; a word wider than
    a line is cut."""
    lines: list[str] = []
    line = ""
    # Plain spaces only: a no-break space keeps "innov 0.1.0" on one line.
    for word in (w for w in text.split(" ") if w):
        while text_width(word) > width:
            cut = width
            while text_width(word[:cut]) > width:
                cut -= 1
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:cut])
            word = word[cut:]
        candidate = f"{line} {word}" if line else word
        if text_width(candidate) > width and line:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line or not lines:
        lines.append(line)
    return lines


def style_axes(axes: Axes, *, ranked: bool) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.spines["left"].set_color(MUTED)
    axes.spines["bottom"].set_color(MUTED)
    axes.tick_params(colors=INK, labelsize=10)
    if ranked:
        axes.spines["bottom"].set_visible(False)
        axes.set_xticks([])


def thousands() -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _: f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}")


def rank_ticks() -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _: f"#{v:.0f}" if float(v).is_integer() and v >= 1 else "")
