"""The thin Streamlit layer: the frame around every page (`app`), cached loading and the shared
sidebar (`shell`), the navigation, and one module per page body."""
