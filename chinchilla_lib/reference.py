"""Every published number the course checks, kept once, with its source and the tolerance its printing allows.

The values live in ``chinchilla_lib/data/reference_values.toml``; this module reads them once and gives typed
access. Tests, notebooks and graders read a published figure from here instead of typing it again, so a corrected
value changes everywhere, and ``python -m chinchilla_lib.reference`` lists every number the course checks.

* :func:`get` (one value with its source), :func:`value` (the float), :func:`series` (a printed list, e.g. an
  interval), :func:`table` (a printed table, e.g. Hoffmann's Table 3), :func:`all_values`, :func:`listing`.
* The tolerance of a value is half a unit in its last printed digit (``"5.76e23"`` allows ±0.005e23), unless the
  data file gives one and says why. ``ReferenceValue.agrees(x)`` tests a computed number against it.

The constants of the laws themselves (E, A, B, α, β) are not repeated here: they live in
:data:`chinchilla_lib.PUBLISHED_LAWS` (and :mod:`chinchilla_lib.beyond`), each with its citation.

Examples
--------
>>> from chinchilla_lib import reference
>>> budget = reference.get("hoffmann2022.gopher_budget")
>>> budget.value, budget.tolerance
(5.76e+23, 5e+20)
>>> budget.agrees(5.7649e23), budget.agrees(5.766e23)
(True, False)
>>> reference.table("hoffmann2022.table3").column("tokens")[0].printed
'8.0e9'
"""

from __future__ import annotations

import dataclasses
import decimal
import math
import numbers
import tomllib
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType
from typing import Any

import numpy as np

DATA_FILE = "reference_values.toml"
"""The data file in ``chinchilla_lib/data/``."""

_FLOAT_SLACK = 1e-12
"""Relative slack added to every tolerance, for the binary representation of decimal numbers."""


@dataclasses.dataclass(frozen=True)
class ReferenceValue:  # numpydoc ignore=PR02
    """One published (or course-computed) number: its printed form, value, tolerance, unit and source.

    Made by :func:`get`, :func:`series` and :func:`table` from the package's data file, not by hand; not checked
    when made. ``float(reference_value)`` is its ``value``.

    Parameters
    ----------
    key : str
        Where it lives, e.g. ``"hoffmann2022.gopher_budget"`` or ``"hoffmann2022.table3.tokens[3]"``.
    printed : str
        The number exactly as the source prints it.
    value : float
        The printed number as a float [in ``unit``].
    tolerance : float
        Largest |computed - value| that still agrees with the printed number [same unit as value].
    unit : str
        The value's unit as the data file gives it, e.g. "FLOP", "parameters", "nats/token" ("1" for a pure number).
    source : str
        Paper (arXiv id), table, equation or section.
    note : str
        The data file's remark on the value, empty if none.
    kind : str
        Where the number comes from: ``"published"`` (printed in the source), ``"repository"`` (the authors' code or
        data), ``"secondary"`` (traced by a secondary source) or ``"computed"`` (derived by the course from published
        values); the data file's header says more.

    Examples
    --------
    >>> params = get("hoffmann2022.chinchilla_params")
    >>> params.printed, params.value, params.tolerance
    ('70e9', 70000000000.0, 500000000.0)
    >>> float(params) == params.value
    True
    """

    key: str
    printed: str
    value: float
    tolerance: float
    unit: str
    source: str
    note: str = ""
    kind: str = "published"

    def agrees(self, computed: float) -> bool:
        """Whether ``computed`` rounds to the printed value: abs(computed - value) <= tolerance.

        Parameters
        ----------
        computed : float
            A number the course computed, in the value's unit (see ``unit``); a NaN or infinite number never agrees.

        Returns
        -------
        bool
            True if ``computed`` is within ``tolerance`` of ``value`` (plus a relative 1e-12 for binary rounding).

        Raises
        ------
        TypeError
            If ``computed`` is not a real number (a bool, text, bytes or an array of more than one element).

        Examples
        --------
        >>> budget = get("hoffmann2022.gopher_budget")  # printed 5.76e23, so +-0.005e23
        >>> budget.agrees(5.764e23), budget.agrees(5.766e23), budget.agrees(float("nan"))
        (True, False, False)
        """
        given: Any = computed  # checked here: any object may arrive
        if isinstance(given, bool | str | bytes | bytearray | memoryview) or not (
            isinstance(given, numbers.Real)
            or (isinstance(given, np.ndarray) and given.size == 1 and given.dtype.kind in "iuf")
        ):
            raise TypeError(f"computed must be a real number, got {type(given).__name__} {given!r:.40}")
        try:
            computed = float(given)
        except (OverflowError, TypeError):
            return False
        return (
            math.isfinite(computed)
            and abs(computed - self.value) <= self.tolerance * (1 + _FLOAT_SLACK) + abs(self.value) * _FLOAT_SLACK
        )

    def __float__(self) -> float:
        return self.value


@dataclasses.dataclass(frozen=True)
class ReferenceTable:  # numpydoc ignore=PR02
    """A printed table: columns of :class:`ReferenceValue`, one element per row, with the table's source.

    Made by :func:`table` from the package's data file, which checks that the columns have one length;
    ``len(table)`` is its number of rows.

    Parameters
    ----------
    key : str
        Where it lives, e.g. ``"hoffmann2022.table3"``.
    source : str
        Paper (arXiv id) and table.
    note : str
        The data file's remark on the table, empty if none.
    columns : Mapping of str to tuple of ReferenceValue
        The columns by name, top to bottom, all of one length.

    Examples
    --------
    >>> table3 = table("hoffmann2022.table3")
    >>> sorted(table3.columns), len(table3)
    (['flops', 'params', 'tokens'], 9)
    """

    key: str
    source: str
    note: str
    columns: Mapping[str, tuple[ReferenceValue, ...]]

    def column(self, name: str) -> tuple[ReferenceValue, ...]:
        """The values of one column, top to bottom, each with its printed form and tolerance.

        Parameters
        ----------
        name : str
            A column of the table (its ``columns`` keys), e.g. ``"tokens"``.

        Returns
        -------
        tuple of ReferenceValue
            One per row, in the order the source prints them.

        Raises
        ------
        ValueError
            If the table has no column ``name``; the message lists the columns.
        TypeError
            If ``name`` is not a string.

        Examples
        --------
        >>> tokens = table("hoffmann2022.table3").column("tokens")
        >>> tokens[0].printed, len(tokens) == len(table("hoffmann2022.table3"))
        ('8.0e9', True)
        """
        if not isinstance(name, str):
            raise TypeError(f"name must be a column name (str), got {type(name).__name__}")
        if name not in self.columns:
            raise ValueError(f"name must be one of {', '.join(self.columns)}, got {name!r}")
        return self.columns[name]

    def values(self, name: str) -> tuple[float, ...]:
        """The floats of one column, top to bottom (the ``value`` of each cell of :meth:`column`).

        Parameters
        ----------
        name : str
            A column of the table, e.g. ``"flops"`` [FLOP] of Hoffmann's Table 3.

        Returns
        -------
        tuple of float
            One per row.

        Raises
        ------
        ValueError
            If the table has no column ``name``.
        TypeError
            If ``name`` is not a string.

        Examples
        --------
        >>> flops = table("hoffmann2022.table3").values("flops")
        >>> flops == tuple(sorted(flops))  # Table 3's budgets grow down the table
        True
        """
        return tuple(cell.value for cell in self.column(name))

    def __len__(self) -> int:
        return len(next(iter(self.columns.values())))


def _tolerance(printed: str) -> float:
    """Half a unit in the last printed digit: '5.76e23' -> 5e20, '8.0e9' -> 5e7, '109.4' -> 0.05."""
    exponent = decimal.Decimal(printed).as_tuple().exponent
    assert isinstance(exponent, int)
    return 0.5 * 10.0**exponent


def _make(key: str, printed: Any, entry: Mapping[str, Any], unit: str | None = None) -> ReferenceValue:
    if not isinstance(printed, str):
        raise TypeError(f"{DATA_FILE}: {key}: printed values must be strings, got {printed!r}")
    tolerance = entry.get("tolerance")
    return ReferenceValue(
        key=key,
        printed=printed,
        value=float(printed),
        tolerance=float(tolerance) if tolerance is not None else _tolerance(printed),
        unit=unit if unit is not None else str(entry.get("unit", "")),
        source=str(entry["source"]),
        note=str(entry.get("note", "")),
        kind=str(entry.get("kind", "published")),
    )


def _walk(prefix: str, node: Mapping[str, Any]) -> dict[str, Any]:
    """Flatten the TOML tree: every table that has a ``source`` is one entry."""
    found: dict[str, Any] = {}
    for name, child in node.items():
        key = f"{prefix}.{name}" if prefix else name
        if isinstance(child, Mapping):
            if "source" in child:
                found[key] = child
            else:
                found.update(_walk(key, child))
    return found


def _load() -> tuple[
    Mapping[str, ReferenceValue], Mapping[str, tuple[ReferenceValue, ...]], Mapping[str, ReferenceTable]
]:
    raw = tomllib.loads(resources.files("chinchilla_lib").joinpath("data", DATA_FILE).read_text(encoding="utf-8"))
    scalars: dict[str, ReferenceValue] = {}
    lists: dict[str, tuple[ReferenceValue, ...]] = {}
    tables: dict[str, ReferenceTable] = {}
    for key, entry in _walk("", raw).items():
        if "printed" in entry:
            printed = entry["printed"]
            if isinstance(printed, list):
                lists[key] = tuple(_make(f"{key}[{i}]", p, entry) for i, p in enumerate(printed))
            else:
                scalars[key] = _make(key, printed, entry)
            continue
        units = entry.get("units", {})
        names = [name for name, column in entry.items() if isinstance(column, list)]
        if not names or len({len(entry[name]) for name in names}) != 1:
            raise ValueError(f"{DATA_FILE}: {key}: a table needs columns (lists) of one length")
        columns = {
            name: tuple(
                _make(f"{key}.{name}[{i}]", p, entry, str(units.get(name, ""))) for i, p in enumerate(entry[name])
            )
            for name in names
        }
        tables[key] = ReferenceTable(key, str(entry["source"]), str(entry.get("note", "")), MappingProxyType(columns))
    return MappingProxyType(scalars), MappingProxyType(lists), MappingProxyType(tables)


_SCALARS, _LISTS, _TABLES = _load()


def _unknown(key: Any, kind: str, known: Mapping[str, Any]) -> Exception:
    if not isinstance(key, str):
        return TypeError(f"key must be a str, got {type(key).__name__} {key!r}")
    other = "a series (use series())" if key in _LISTS else "a table (use table())" if key in _TABLES else None
    if kind != "value" or other is None:
        other = "a single value (use get())" if key in _SCALARS else other
    hint = f"; {key!r} is {other}" if other else f"; known: {', '.join(sorted(known))}"
    return ValueError(f"key must name a reference {kind}{hint}")


def get(key: str) -> ReferenceValue:
    """The reference value stored under ``key``.

    Parameters
    ----------
    key : str
        Dotted name, e.g. ``"hoffmann2022.gopher_budget"`` (``python -m chinchilla_lib.reference`` lists them).

    Returns
    -------
    ReferenceValue
        The printed value, its float, tolerance, unit, source and note.

    Raises
    ------
    ValueError
        No single value has that key (the message lists the known keys, or says to use :func:`series` or
        :func:`table`).
    TypeError
        ``key`` is not a string.

    Examples
    --------
    >>> get("hoffmann2022.chinchilla_tokens").printed
    '1.4e12'
    """
    if not isinstance(key, str) or key not in _SCALARS:
        raise _unknown(key, "value", _SCALARS)
    return _SCALARS[key]


def value(key: str) -> float:
    """The float of :func:`get` (``key``): e.g. ``value("hoffmann2022.gopher_budget")`` is 5.76e23 [FLOP].

    Parameters
    ----------
    key : str
        Dotted name of a single value, as for :func:`get`.

    Returns
    -------
    float
        The published number in its unit (``get(key).unit``).

    Raises
    ------
    ValueError
        No single value has that key.
    TypeError
        ``key`` is not a string.

    Examples
    --------
    >>> value("hoffmann2022.chinchilla_params")
    70000000000.0
    """
    return get(key).value


def series(key: str) -> tuple[ReferenceValue, ...]:
    """A printed list under ``key``, e.g. an interval (low, high) or Table A4's six ratios.

    Parameters
    ----------
    key : str
        Dotted name of a list, e.g. ``"hoffmann2022.table2_approach3_a_interval"``.

    Returns
    -------
    tuple of ReferenceValue
        The elements in printed order, keyed ``key[0]``, ``key[1]``, ...

    Raises
    ------
    ValueError
        No list has that key (the message says if it names a single value or a table).
    TypeError
        ``key`` is not a string.

    Examples
    --------
    >>> [item.printed for item in series("hoffmann2022.table2_approach3_a_interval")]
    ['0.454', '0.455']
    """
    if not isinstance(key, str) or key not in _LISTS:
        raise _unknown(key, "series", _LISTS)
    return _LISTS[key]


def table(key: str) -> ReferenceTable:
    """A printed table under ``key``, e.g. ``"hoffmann2022.table3"`` (columns ``params``, ``flops``, ``tokens``).

    Parameters
    ----------
    key : str
        Dotted name of a table.

    Returns
    -------
    ReferenceTable
        Its columns of :class:`ReferenceValue`, with the table's source and note.

    Raises
    ------
    ValueError
        No table has that key.
    TypeError
        ``key`` is not a string.

    Examples
    --------
    >>> len(table("hoffmann2022.table3")), table("hoffmann2022.table3").values("flops")[3]
    (9, 5.76e+23)
    """
    if not isinstance(key, str) or key not in _TABLES:
        raise _unknown(key, "table", _TABLES)
    return _TABLES[key]


def all_values() -> tuple[ReferenceValue, ...]:
    """Every number the course checks: single values, every element of each series and every table cell.

    Returns
    -------
    tuple of ReferenceValue
        Sorted by key; each with its source.

    Examples
    --------
    >>> values = all_values()
    >>> all(item.tolerance >= 0 and item.source for item in values)
    True
    >>> [item.key for item in values] == sorted(item.key for item in values)
    True
    """
    found: list[ReferenceValue] = list(_SCALARS.values())
    for items in _LISTS.values():
        found.extend(items)
    for tab in _TABLES.values():
        for column in tab.columns.values():
            found.extend(column)
    return tuple(sorted(found, key=lambda item: item.key))


def listing() -> str:
    """A plain-text listing of :func:`all_values`: key, printed value ± tolerance, unit, kind and source.

    Returns
    -------
    str
        One line per value (what ``python -m chinchilla_lib.reference`` prints).

    Examples
    --------
    >>> text = listing()
    >>> len(text.splitlines()) == len(all_values())
    True
    >>> "hoffmann2022.gopher_budget" in text
    True
    """
    return "\n".join(
        f"{item.key:50s} {item.printed:>20s} ±{item.tolerance:<9.3g} {item.unit:24s} [{item.kind}] {item.source}"
        for item in all_values()
    )


GOPHER_BUDGET = value("hoffmann2022.gopher_budget")
"""Gopher's training budget, 5.76e23 FLOP (Hoffmann et al. 2022, Table 3)."""
CHINCHILLA_PARAMS = value("hoffmann2022.chinchilla_params")
"""Chinchilla's parameters, 70e9 (Hoffmann et al. 2022, Table 1)."""
CHINCHILLA_TOKENS = value("hoffmann2022.chinchilla_tokens")
"""Chinchilla's training tokens, 1.4e12 (Hoffmann et al. 2022, Table 1)."""
GOPHER_PARAMS = value("hoffmann2022.gopher_params")
"""Gopher's parameters, 280e9 (Hoffmann et al. 2022, Table 1)."""
GOPHER_TOKENS = value("hoffmann2022.gopher_tokens")
"""Gopher's training tokens, 300e9 (Hoffmann et al. 2022, Table 1)."""

if __name__ == "__main__":  # pragma: no cover
    print(listing())
