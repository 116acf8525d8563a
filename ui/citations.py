"""A parameter's source as the reader sees it: the citation in English as the schema holds
it, or its Chinese form (the source documents' Chinese titles; "assumption" translated)."""

from __future__ import annotations

from simulation import sources
from simulation.strings.methodology import SOURCES_ZH

from .i18n import normalise_lang, t


def source_text(source: str, lang: str) -> str:
    if normalise_lang(lang) == "zh":
        if source in SOURCES_ZH:
            return SOURCES_ZH[source]
        # a citation not listed: the documents' titles in Chinese, "assumption" translated
        return sources.zh(source).replace("assumption", t("methodology.source_assumption", lang))
    return source
