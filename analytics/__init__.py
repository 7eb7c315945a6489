"""The product's brain: database, settings, imports and figures. Never imports Streamlit."""
