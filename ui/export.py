"""Downloads: tables as CSV (UTF-8 with a byte-order mark, so Excel reads Chinese) and as
one Excel workbook, a sheet per table."""

from __future__ import annotations

import io
import re
from typing import Iterable, Mapping

import pandas as pd

_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
MAX_SHEET_CHARS = 31


def csv_bytes(df: pd.DataFrame, index: bool = False) -> bytes:
    """CSV in UTF-8 with a byte-order mark, so Excel opens Chinese text correctly."""
    return df.to_csv(index=index).encode("utf-8-sig")


def sheet_name(text: str, taken: Iterable[str] = ()) -> str:
    """A valid, unique Excel sheet name: no []:*?/\\, at most 31 characters."""
    base = _SHEET_BAD.sub("_", text).strip("'").strip() or "Sheet"
    base = base[:MAX_SHEET_CHARS]
    taken_cf = {x.casefold() for x in taken}
    name, n = base, 2
    while name.casefold() in taken_cf:
        suffix = f" ({n})"
        name = base[: MAX_SHEET_CHARS - len(suffix)] + suffix
        n += 1
    return name


def workbook_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """One Excel workbook (openpyxl), a sheet per table, in ``sheets`` order."""
    buf = io.BytesIO()
    used: list[str] = []
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for title, df in sheets.items():
            name = sheet_name(title, used)
            used.append(name)
            df.to_excel(writer, sheet_name=name, index=False)
            ws = writer.sheets[name]
            for col_cells in ws.columns:
                width = max(len(str(c.value)) if c.value is not None else 0 for c in col_cells)
                ws.column_dimensions[col_cells[0].column_letter].width = min(60, max(10, width + 2))
    return buf.getvalue()
