"""Dedup settings: the window, the index's keys, the fingerprint and the near-duplicate rule."""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator


class FingerprintConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    shingle_words: int = Field(default=5, ge=1, le=10, description="Words in a shingle.")
    permutations: int = Field(default=64, ge=8, le=512, description="MinHash slots of the body.")
    bands: int = Field(default=16, ge=1, description="LSH bands of the body signature.")
    lead_words: int = Field(default=30, ge=5, description="Words a lead sketch covers.")
    lead_permutations: int = Field(default=32, ge=4, le=256, description="Its MinHash slots.")
    lead_bands: int = Field(default=8, ge=1, description="Its LSH bands.")
    seed: int = Field(default=20261125, description="Of the MinHash permutations.")

    @model_validator(mode="after")
    def _bands_divide_permutations(self) -> Self:
        if self.permutations % self.bands or self.lead_permutations % self.lead_bands:
            raise ValueError("bands must divide permutations (rows a band = permutations / bands)")
        if self.bands + self.lead_bands > 128:
            raise ValueError("at most 128 bands and lead bands together")
        return self


class NearDuplicateRule(BaseModel):
    """When a candidate sharing a band is the same story (any of the three)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    min_jaccard: float = Field(default=0.4, gt=0.0, le=1.0, description="Estimated Jaccard.")
    min_containment: float = Field(
        default=0.7, gt=0.0, le=1.0, description="Of the shorter body in the longer one."
    )
    containment_floor: float = Field(
        default=0.05, ge=0.0, le=1.0, description="Jaccard a containment match needs at least."
    )
    min_lead: float = Field(default=0.5, gt=0.0, le=1.0, description="Lead sketches agreeing.")
    lead_max_shingles: int = Field(
        default=100, ge=1, description="A lead match only when the shorter body is this short."
    )


class DedupConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    window_seconds: int = Field(default=72 * 3600, ge=1, description="How long a body is known.")
    generations: int = Field(
        default=3, ge=1, le=24, description="The window is kept in this many time buckets."
    )
    key_prefix: str = Field(default="ingest", min_length=1, description="Of the index's keys.")
    fingerprint: FingerprintConfig = FingerprintConfig()
    near: NearDuplicateRule = NearDuplicateRule()

    @property
    def generation_seconds(self) -> int:
        return max(1, self.window_seconds // self.generations)
