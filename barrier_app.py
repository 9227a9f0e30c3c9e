"""Barrier Journeys app: ``streamlit run barrier_app.py`` (or ``journeys app``)."""

from journeys.ui.shell import main

main()
