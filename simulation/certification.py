"""Which shops count as *certified green* (for the commission rebate), and whether a shop shows
its environmental footprint page (its own choice or a disclosure mandate).

The certification rule is an assumption of this model, not a published standard: a shop is
certified green when it ships in green packaging (any option but standard) and at least half
of its parcels go out on electric vehicles (``logistics.electric_share >= 0.5``).
"""

from __future__ import annotations

from .scenario import Scenario

#: the least share of parcels delivered electrically for certification (assumption)
CERTIFIED_MIN_ELECTRIC_SHARE = 0.5


def certified_green(sc: Scenario) -> bool:
    """True when the shop meets the certification rule: green packaging (not "standard") and
    ``logistics.electric_share >= CERTIFIED_MIN_ELECTRIC_SHARE``."""
    return (sc.packaging.option != "standard"
            and sc.logistics.electric_share >= CERTIFIED_MIN_ELECTRIC_SHARE)


def footprint_page_shown(sc: Scenario) -> bool:
    """The shop shows an environmental footprint page: by its own choice
    (``governance.footprint_page``) or because the region mandates it
    (``policy.disclosure_mandate``). The engine reads the footprint page only through here."""
    return bool(sc.governance.footprint_page or sc.policy.disclosure_mandate)
