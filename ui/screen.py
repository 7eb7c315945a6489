"""How the pages fit a phone (about 390 px wide): a compact title, KPI cards two per row, and
two behaviours Streamlit leaves to the browser: the sidebar closes after a page is chosen on a
narrow screen (Streamlit does it only for a phone's user agent, not for a narrow window), and
Enter in the as-of date applies the typed date (Streamlit applies it when the field loses focus),
and one tap on a chart's bar selects it (plotly needs a hover first, which a finger does not make)."""

from __future__ import annotations

import streamlit as st

# Streamlit stacks columns below 640 px; its own mobile breakpoint for the sidebar is 768 px.
PHONE_CSS = """
<style>
@media (max-width: 640px) {
  .stMainBlockContainer { padding: 3.5rem 0.75rem 2rem; }
  .stMainBlockContainer h1 { font-size: 1.5rem; line-height: 1.25; padding: 0 0 0.25rem; }
  .stMainBlockContainer h2, .stMainBlockContainer h3 { font-size: 1.15rem; }
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) {
    flex-flow: row wrap; gap: 0.5rem;
  }
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"])
      > [data-testid="stColumn"] {
    flex: 1 1 calc(50% - 0.25rem); min-width: calc(50% - 0.25rem); max-width: calc(50% - 0.25rem);
  }
  /* plotly's zoom tools cover the chart's title and a finger cannot use them */
  [data-testid="stPlotlyChart"] .modebar-container { display: none; }
  [data-testid="stMetric"] { padding: 0.5rem 0.6rem; }
  [data-testid="stMetricValue"] { font-size: 1.5rem; }
  [data-testid="stMetricLabel"] p { font-size: 0.8rem; }
  /* a card's label, figure and gap wrap instead of ending in "…" */
  [data-testid="stMetric"] label, [data-testid="stMetric"] div, [data-testid="stMetric"] p {
    white-space: normal; overflow: visible; text-overflow: clip;
  }
}
</style>
"""

BEHAVIOUR_JS = """
<script>
(() => {
  if (window.ktsScreen) return;
  window.ktsScreen = true;
  document.addEventListener("click", (event) => {
    if (window.innerWidth >= 768 || !event.target.closest('[data-testid="stSidebarNav"] a')) return;
    const close = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
    if (close) setTimeout(() => close.click(), 0);
  }, true);
  // plotly picks the point a tap selects from the last hover, which a finger never made: hover
  // where the finger lands, so one tap on a bar drills down
  document.addEventListener("touchstart", (event) => {
    const layer = event.target.closest && event.target.closest('[data-testid="stPlotlyChart"] .nsewdrag');
    if (!layer || event.touches.length !== 1) return;
    const {clientX, clientY} = event.touches[0];
    layer.dispatchEvent(new MouseEvent("mousemove", {clientX, clientY, bubbles: true}));
  }, true);
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || !event.target.closest || !event.target.closest('[data-testid="stDateInputField"]')) return;
    // the open calendar keeps a blurred field from applying its date: close it first
    const field = event.target;
    field.dispatchEvent(new KeyboardEvent("keydown", {key: "Escape", code: "Escape", bubbles: true}));
    setTimeout(() => field.blur(), 50);
  }, true);
})();
</script>
"""


def fit() -> None:
    """The phone layout (every page, the sign-in page included)."""
    st.html(PHONE_CSS)


def behave() -> None:
    """The sidebar's behaviours (signed-in pages); drawn in the sidebar, where it takes no room."""
    st.sidebar.html(BEHAVIOUR_JS, unsafe_allow_javascript=True)
