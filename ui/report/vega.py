"""The pages' Altair charts rendered without a browser, by vl-convert (Vega-Lite compiled and
drawn in an embedded JavaScript runtime): SVG for the PDF (vector), PNG for the PPTX's
pictures and the chart downloads, and the Vega/Vega-Lite/vega-embed bundle the offline HTML
embeds. The spec is the one the page draws (``chart.to_dict()``); text is drawn with the
machine's fonts, so Chinese needs a CJK font (``make sysdeps`` installs Noto CJK).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import vl_convert as vlc

# the Vega-Lite version of the specs Altair writes ("v6.4.1" -> "6.4")
_VERSION = re.compile(r"/v(\d+)\.(\d+)")
FONT = "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'Microsoft YaHei', sans-serif"


def vl_version(spec: dict[str, Any]) -> str:
    """The Vega-Lite version a spec was written for, among those vl-convert knows."""
    found = _VERSION.search(str(spec.get("$schema", "")))
    known = vlc.get_vegalite_versions()
    if found:
        wanted = f"{found.group(1)}.{found.group(2)}"
        if wanted in known:
            return wanted
        same_major = [v for v in known if v.split(".")[0] == found.group(1)]
        if same_major:
            return same_major[-1]
    return known[-1]


def _with_font(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with a CJK-capable font for every text (titles, axes, legends, marks)."""
    out = dict(spec)
    config = dict(out.get("config") or {})
    config.setdefault("font", FONT)
    out["config"] = config
    return out


def fixed_size(spec: Any, width: int = 760, height: int = 360,
               part_width: int | None = None) -> Any:
    """``spec`` with every ``"container"`` width or height (the pages' charts fill the app's
    column) made a fixed size: there is no container when vl-convert draws, which would
    otherwise give Vega-Lite's small default width. The parts of a concatenated chart get
    ``part_width`` each (default: ``width``). The data is left alone."""
    def fix(node: Any, w: int) -> Any:
        if isinstance(node, list):
            return [fix(x, w) for x in node]
        if not isinstance(node, dict):
            return node
        inner = part_width or w
        out = {k: v if k in ("data", "datasets") else
               fix(v, inner if k in ("hconcat", "vconcat", "concat", "spec") else w)
               for k, v in node.items()}
        if out.get("width") == "container":
            out["width"] = w
        if out.get("height") == "container":
            out["height"] = height
        return out

    return fix(spec, width)


def _invisible(layer: Any) -> bool:
    mark = layer.get("mark") if isinstance(layer, dict) else None
    return isinstance(mark, dict) and mark.get("opacity") == 0 and "layer" not in layer


def without_hover_marks(spec: Any) -> Any:
    """``spec`` without its invisible layers (the points the app draws with opacity 0 so a
    line is easy to hover): a picture has no hover, and at a year of days they are a third of
    an SVG's elements and of the PDF's drawing time."""
    if isinstance(spec, list):
        return [without_hover_marks(x) for x in spec]
    if not isinstance(spec, dict):
        return spec
    out = {k: v if k in ("data", "datasets") else without_hover_marks(v) for k, v in spec.items()}
    if isinstance(out.get("layer"), list):
        kept = [x for x in out["layer"] if not _invisible(x)]
        out["layer"] = kept or out["layer"]
    return out


def svg(spec: dict[str, Any]) -> str:
    """The chart as an SVG document (text kept as text, so the PDF can select and search it)."""
    return vlc.vegalite_to_svg(_with_font(without_hover_marks(spec)), vl_version=vl_version(spec))


def png(spec: dict[str, Any], scale: float = 2.0) -> bytes:
    """The chart as a PNG at ``scale`` times its size in CSS pixels."""
    return vlc.vegalite_to_png(_with_font(without_hover_marks(spec)), vl_version=vl_version(spec),
                               scale=scale)


@lru_cache(maxsize=1)
def bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one JavaScript module (about 0.9 MB), for HTML that
    draws its charts with no network."""
    return vlc.javascript_bundle()
