"""The regional policy lab: a region of many heterogeneous small shops, policy instruments,
each shop's adoption decision, and the region's results.

- ``region.py``: a region as data (``scenarios/regions/*.yaml``) and its strict loader;
- ``shops.py``: shops drawn reproducibly from one seed, and each shop as a full ``Scenario``;
- ``levers.py``: the practices a shop can adopt and their scenario changes;
- ``instruments.py``: the policy instruments (the scenario's ``policy.*`` parameters);
- ``adoption.py``: the merchant's quick profit estimate and the adoption rule;
- ``backends.py`` and ``run.py``: simulating every shop with and without the policy, on
  local worker processes or a Dask cluster;
- ``results.py``, ``mac.py`` and ``search.py``: the region's results, the marginal abatement
  cost curve and the budget-constrained policy-mix search.

Nothing here imports Streamlit, and Dask only when a scheduler address is given.
"""
