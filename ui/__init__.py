"""Shared UI code for the Streamlit pages (every .py in pages/ becomes a page, so helpers
live here): translations, the page shell, widgets built from the schema, altair charts,
cached runners, the server's scheduler and background jobs, the share-link codec, the
scenario library (one SQLite database of workspaces) and the session's workspace.

The page shell, widgets, runner, workspace and page modules import streamlit; the codec,
library, charts, limits, scheduler and jobs (jobs.py) and strings are plain Python and are
unit-tested without a running app.
"""
