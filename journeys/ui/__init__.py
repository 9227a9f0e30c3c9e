"""The Streamlit app: one page module per view, plus the editing logic they share.

The only package (besides ``barrier_app.py``) that imports Streamlit; every number it shows
comes from the engine in ``journeys``.
"""
