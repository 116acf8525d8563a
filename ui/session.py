"""The session's run settings, shared by every page: the seed and the number of replications
(the builder's "run settings"). The compare, sensitivity and optimiser pages start from these,
so a scenario shows the same numbers on every page unless the user changes them there."""

from __future__ import annotations

import streamlit as st

from . import limits

SEED_KEY, REPS_KEY = "run_seed", "run_replications"


def seed() -> int:
    return int(st.session_state.setdefault(SEED_KEY, 1))


def replications() -> int:
    return int(st.session_state.setdefault(REPS_KEY, limits.DEFAULT_REPLICATIONS))
