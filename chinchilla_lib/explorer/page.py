"""The page that opened the app: its query string, read the way Voilà hands it to the kernel.

Voilà gives a kernel the visitor's query string in the environment variable ``QUERY_STRING``. A *pre-heated* kernel
(``voila --preheat_kernel=True``, which ``make app`` uses) runs the notebook before anyone visits, so it must wait
for the visitor: ``voila.utils.get_query_string()`` does, when Voilà has set ``VOILA_PREHEAT``. Importing
``voila.utils`` loads Voilà's whole server (Jupyter Server, JupyterLab's server, Tornado: about 3 s on a 2-core
machine), which a kernel outside a pre-heated pool never needs; :func:`page_query` imports it only when it must wait.
"""

from __future__ import annotations

import os

PREHEAT_VARIABLE = "VOILA_PREHEAT"
"""Set by Voilà, to anything but "False", in the kernels it pre-heats (voila.utils.ENV_VARIABLE.VOILA_PREHEAT)."""
QUERY_VARIABLE = "QUERY_STRING"
"""Where Voilà puts the visitor's query string (voila.utils.ENV_VARIABLE.QUERY_STRING)."""


def page_query() -> str:
    """The query string of the page that opened the app (without the "?"), or "" when there is none.

    In a kernel Voilà pre-heated, this waits until a visitor arrives (``voila.utils.get_query_string``); anywhere
    else (Voilà without pre-heating, JupyterLab, nbval) it reads ``QUERY_STRING`` at once and imports nothing.

    Returns
    -------
    str
        The query string, e.g. ``"flops=1e23&law=hoffmann2022"``; "" outside Voilà.

    Examples
    --------
    >>> import os
    >>> os.environ["QUERY_STRING"] = "flops=1e23"
    >>> page_query()  # outside a pre-heated kernel: read at once
    'flops=1e23'
    >>> del os.environ["QUERY_STRING"]
    >>> page_query()
    ''
    """
    if os.environ.get(PREHEAT_VARIABLE, "False") != "False":
        from voila.utils import get_query_string  # noqa: PLC0415 - Voilà's server, only where it must wait

        return get_query_string() or ""
    return os.environ.get(QUERY_VARIABLE, "")
