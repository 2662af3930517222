"""The budget explorer in three parts: a model, a renderer and the widget wiring.

* :mod:`chinchilla_lib.explorer.model`: :class:`ExplorerInputs` -> :func:`explore` -> :class:`ExplorerResult`,
  which carries every number and curve the view shows. Imports neither ipywidgets nor matplotlib.
* :mod:`chinchilla_lib.explorer.render`: the result as HTML (:func:`summary_html`) and two PNG panels (matplotlib),
  drawn from the result without recomputing.
* :mod:`chinchilla_lib.explorer.widgets`: :class:`BudgetExplorer`, the ipywidgets app (needs the ``course`` extra).
* :mod:`chinchilla_lib.explorer.page`: :func:`page_query`, the query string of the page that opened the app.

``from chinchilla_lib.explorer import explore`` loads only the model; the renderer and the widgets load when first
used.
"""

from __future__ import annotations

from typing import Any

from chinchilla_lib.explorer.model import (
    CUSTOM,
    FLOPS_RANGE,
    ExplorerInputs,
    ExplorerResult,
    MyModel,
    check_inputs,
    explore,
    inputs_from_query,
    inputs_to_query,
    parse_number,
    query_fields,
)
from chinchilla_lib.explorer.page import page_query

__all__ = [
    "CUSTOM",
    "FLOPS_RANGE",
    "BudgetExplorer",
    "ExplorerInputs",
    "ExplorerResult",
    "MyModel",
    "check_inputs",
    "explore",
    "inputs_from_query",
    "inputs_to_query",
    "page_query",
    "parse_number",
    "query_fields",
    "summary_html",
]


def __getattr__(name: str) -> Any:
    if name == "BudgetExplorer":
        from chinchilla_lib.explorer.widgets import BudgetExplorer  # noqa: PLC0415 - loads ipywidgets

        return BudgetExplorer
    if name == "summary_html":
        from chinchilla_lib.explorer.render import summary_html  # noqa: PLC0415 - loads matplotlib

        return summary_html
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
