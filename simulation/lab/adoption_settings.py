"""A region's adoption settings (the ``adoption:`` block of ``scenarios/regions/*.yaml``).

A small module of its own so that the region loader (``region.py``) and the adoption rule
(``adoption.py``) import the same model without importing each other.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class AdoptionSettings(BaseModel):
    """How the shops of a region decide to adopt a lever: the expected profit change over
    ``payback_years`` discounted at ``hurdle_rate`` must be positive, and the shop must be
    capable (its capability raised to ``capability_exponent``; a training subsidy raises
    capability by ``training_capability_gain`` of the gap). ``sources`` cites each setting
    by title and section, or marks it an assumption."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    payback_years: float = Field(2.0, ge=0.25, le=10)
    hurdle_rate: float = Field(0.15, ge=0, le=1)
    capability_exponent: float = Field(1.0, ge=0, le=5)
    training_capability_gain: float = Field(0.5, ge=0, le=1)
    sources: dict[str, str] = Field(default_factory=dict)
