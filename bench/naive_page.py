"""A naive peer of the dashboard, for comparison in bench/run.py: the usual first version of a
Streamlit page (cached `pd.read_csv`, every event in one `px.scatter`, every event as a raw
pydeck point, the whole table in `st.dataframe`). Not part of the product.

Run alone: `KURSK_MONITOR_DATA=DIR streamlit run bench/naive_page.py`.
"""

import os
from pathlib import Path

import pandas as pd
import plotly.express as px
import pydeck as pdk
import streamlit as st

DATA = Path(os.environ.get("KURSK_MONITOR_DATA") or Path(__file__).resolve().parent.parent / "data")


@st.cache_data
def load_events(folder: str) -> pd.DataFrame:
    events = pd.read_csv(Path(folder) / "events.csv")
    locations = pd.read_csv(Path(folder) / "locations.csv")
    return events.merge(locations[["location_id", "lat", "lon"]], on="location_id", how="left")


events = load_events(str(DATA))
credibility = st.sidebar.selectbox("Minimum credibility", ["6", "5", "4", "3", "2", "1"], key="credibility")
view = events[events["credibility"] <= int(credibility)]
st.title("Events")
st.plotly_chart(px.scatter(view, x="date", y="category", color="category", hover_data=["event_id", "title"]))
st.pydeck_chart(
    pdk.Deck(
        layers=[pdk.Layer("ScatterplotLayer", view, get_position=["lon", "lat"], get_radius=800)],
        initial_view_state=pdk.ViewState(latitude=51.5, longitude=35.5, zoom=5),
    )
)
st.dataframe(view)
