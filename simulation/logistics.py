"""Compatibility re-exports: packaging, delivery and warehouse factors now live in
:mod:`simulation.packaging`, :mod:`simulation.delivery` and :mod:`simulation.warehouse`, the
staff cost constants in :mod:`simulation.staff`. Import from those modules in new code."""

from .delivery import (CONSOLIDATED_COST, CONSOLIDATED_DELAY_DAYS, CONSOLIDATED_KM,  # noqa: F401
                       DeliveryFactors, delivery_factors)
from .packaging import PackagingFactors, packaging_factors  # noqa: F401
from .staff import (HEALTH_CHECK_CNY, HOURS_PER_MONTH, SOCIAL_INSURANCE_FULL,  # noqa: F401
                    SOCIAL_INSURANCE_PARTIAL)
from .warehouse import GRID_FACTORS, grid_factor, warehouse_kg_per_order  # noqa: F401
