"""Kursk Monitor core: loading, validation, filters, figure and map builders, exports.

This package never imports Streamlit.
"""

__version__ = "0.1.0"
