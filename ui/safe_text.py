"""Text that came from a file (unit, person and file names, cell values in messages) shown as
typed: escaped for Streamlit's Markdown and for plotly's HTML-like labels.

Streamlit renders Markdown in st.markdown, captions, alerts, headers, expander, tab, button
and metric labels, so a village named `![p](http://host/x.png)` would otherwise become an image
every viewer's browser fetches; plotly renders <a>, <b>, <br> in titles, ticks, legends and hover
labels. Tables (st.dataframe) and select-box options show text literally and need neither.
"""

from __future__ import annotations

import html
import re

# The ASCII punctuation Markdown, GitHub's extensions (tables, strikethrough, bare links) or
# Streamlit's directives (:color[..], :material/..:, $LaTeX$) give a meaning to; CommonMark lets a
# backslash escape each. Parentheses and braces mean something only after an escaped bracket.
_MARKDOWN = re.compile(r"([\\`*_\[\]<>#+\-.!|~$:=&])")


def md(value: object) -> str:
    """A value shown literally inside Markdown (formatted into a texts.* template or alone)."""
    text = "" if value is None else str(value)
    return _MARKDOWN.sub(r"\\\1", text.replace("\r\n", "\n").replace("\r", "\n"))


def label(value: object) -> str:
    """A value shown literally in a plotly title, tick, legend, annotation or hover label."""
    return html.escape("" if value is None else str(value), quote=False)


def labels(values) -> list[str]:
    """`label` of every text of a column (plotly axis categories, hover data); missing values and
    numbers stay as they are."""
    return [label(v) if isinstance(v, str) else v for v in values]
