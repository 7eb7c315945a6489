"""Streamlit side of the dashboard: data access glue, charts and table formatting."""
