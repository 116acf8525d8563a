"""What the lab's backend tests share: their tiny region and policy, an outcome's
fingerprint bit for bit, and a local default whatever scheduler the shell names."""

from __future__ import annotations

import struct

import pytest

REGION = "county_town"
SHOPS, DAYS, SEED = 20, 60, 7
POLICY = {"policy.packaging_subsidy": 0.8, "policy.carbon_price_cny_per_t": 200.0}


def _bits(v: float) -> str:
    return struct.pack("<d", float(v)).hex()        # NaN-safe, bit-exact


def fingerprint(outcomes) -> list[tuple]:
    """Everything an outcome holds, floats as their bits (so NaN equals NaN)."""
    return [(o.index, tuple(sorted(o.levers_base)), tuple(sorted(o.levers_policy)),
             tuple(sorted((k, _bits(v)) for k, v in o.base.items())),
             tuple(sorted((k, _bits(v)) for k, v in o.policy.items())), o.shop)
            for o in outcomes]


@pytest.fixture(scope="module", autouse=True)
def no_scheduler_from_the_environment():
    """Local unless a test says otherwise, whatever ESG_SIM_SCHEDULER the shell has (import
    this fixture into a test module to use it there)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("ESG_SIM_SCHEDULER", raising=False)
        yield
