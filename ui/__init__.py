"""Shared UI code for the Streamlit pages (every .py in pages/ becomes a page, so helpers
live here): translations, the page shell, widgets built from the schema, altair charts,
cached runners, the share-link codec and the local scenario library.

Only the page shell, widgets and runner import streamlit; the codec, library, charts and
strings are plain Python and are unit-tested without a running app.
"""
