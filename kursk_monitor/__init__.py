"""Kursk Monitor core: loading, validation, the filter (`filters`) and the rows it selects
(`selection`), names (`labels`), the chart frame, figure, timeline and map builders, exports, the
briefing and the command line (`cli`).

This package never imports Streamlit.
"""

__version__ = "0.1.0"
