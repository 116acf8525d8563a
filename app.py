"""中小电商 ESG 策略模拟器 — the home page (``ui.home.draw``).

Run with ``make run`` (or ``streamlit run app.py``). Every page is a thin file calling
``ui.<page>.draw``: ``pages/`` for the pages, ``ui/`` for their code, ``simulation/`` for the
model (which never imports streamlit).
"""

from ui import home, shell

home.draw(shell.setup("common.app_title"))
