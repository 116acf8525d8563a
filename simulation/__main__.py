"""``python -m simulation``: the command line (see ``simulation/cli/`` or ``--help``).

The guard matters: ``run_experiment`` starts workers with the 'spawn' method, which imports
this module again in every worker (as ``__mp_main__``); only the real entry point runs the CLI.
"""

import os
import sys

from .cli import main


def _entry() -> int:
    try:
        code = main()
        sys.stdout.flush()
        return code
    except BrokenPipeError:  # e.g. `python -m simulation list | head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(_entry())
