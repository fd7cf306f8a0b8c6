"""The thin Streamlit layer: cached loading, the shared sidebar, the language switch."""
