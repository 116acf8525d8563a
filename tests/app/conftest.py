"""What the app tests share: waiting for a session's background jobs (``ui/jobs.py``)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from ui import runner, workspace

JOB_TIMEOUT_S = 180


def session_jobs(at: AppTest) -> list:
    """The jobs of the app session's workspace (running, or kept after they ended)."""
    return runner.server().jobs.of(at.session_state[workspace.STATE_KEY])


def finish_jobs(at: AppTest, timeout: float = JOB_TIMEOUT_S) -> AppTest:
    """Wait until none of the session's jobs is running (what the page's poll waits for),
    then run the page once more, as the poll does when a job ends."""
    for job in session_jobs(at):
        assert job.wait(timeout), f"the {job.slot} job did not finish in {timeout} s"
    return at.run()


@pytest.fixture(scope="session")
def wait_jobs():
    """``wait_jobs(at)``: :func:`finish_jobs`."""
    return finish_jobs


@pytest.fixture(scope="session")
def jobs_of():
    """``jobs_of(at)``: :func:`session_jobs`."""
    return session_jobs
