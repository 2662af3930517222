"""Training runs as data: a container, a CSV loader whose errors name the cell, and Hoffmann's Figure 4 runs.

The real runs of Hoffmann et al. 2022, Figure 4, as Besiroglu et al. 2024 extracted them, ship as package data
(:func:`load_figure4`).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import math
import os
from array import array
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from chinchilla_lib._validation import FloatArray, check_flops_per_param_token, check_positive, representable
from chinchilla_lib.compute import DEFAULT_FLOPS_PER_PARAM_TOKEN

MAX_CSV_BYTES = 16 * 2**30
"""Largest CSV file :func:`load_runs_csv` reads by default [bytes]: 16 GiB, :data:`MAX_CSV_ROWS` rows of up to 170
bytes. The loader streams, so its memory does not grow with this limit (see :data:`MAX_CSV_ROWS`): it bounds the
time spent on an endless input, such as a pipe or a device that never ends (blank lines included)."""
MAX_CSV_ROWS = 100_000_000
"""Most data rows :func:`load_runs_csv` reads by default: 10^8 runs are 2.4 GB as three float64 columns, held in
memory by the :class:`Runs` returned, about what a workstation can hold. Real training logs are far smaller (a
million runs is 40 MB of CSV); the limit turns a runaway input into an error before it exhausts memory."""
MAX_FIELD_CHARS = 1_000
"""Longest field :func:`load_runs_csv` accepts [characters]; a number never needs more. The loader never changes
the csv module's own ``csv.field_size_limit()`` (131,072 by default); a field beyond that is reported the same way."""
MAX_LINE_CHARS = 2**20
"""Longest line :func:`load_runs_csv` accepts [characters, line break included], or longest row when a quoted field
spans lines: 1 MiB, where a row of runs needs under 100 characters. Longer input is not a CSV of runs (a file
without line breaks, a device like /dev/zero) and is refused after reading at most this much of it."""

FIGURE4_CSV = "chinchilla_figure4_epoch2024.csv"
"""Package data file (``chinchilla_lib/data/``) with Epoch AI's extraction of Hoffmann et al.'s Figure 4."""


@dataclasses.dataclass(frozen=True)
class Runs:  # numpydoc ignore=PR02
    """Final losses of training runs: N [parameters], D [tokens], L [nats/token], one element per run.

    ``budget`` optionally labels the IsoFLOP group of each run (its nominal budget [FLOP]), for Approach 2. Checked
    when made: the arrays are stored as 1-d float64 arrays (a single number as one run); ``len(runs)`` is the number
    of runs.

    Parameters
    ----------
    params : array_like
        N [parameters] of each run, finite and > 0.
    tokens : array_like
        D [training tokens] of each run, finite and > 0.
    loss : array_like
        Final loss L [nats/token] of each run, finite and > 0.
    budget : array_like, optional
        The nominal budget C [FLOP] of each run's IsoFLOP group, finite and > 0; None when the runs are not grouped.

    Raises
    ------
    TypeError
        If an array is not real numbers (str, bool, complex, None).
    ValueError
        If a value is NaN, ±inf or <= 0, an array is empty, or the arrays are not 1-d of one length.

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> from chinchilla_lib.synthetic import isoflop_runs
    >>> runs = isoflop_runs(PUBLISHED_LAWS["hoffmann2022"], budgets=(1e18, 1e19, 1e20), per_budget=5)
    >>> len(runs), np.unique(runs.budget).tolist()
    (15, [1e+18, 1e+19, 1e+20])
    >>> bool(np.allclose(runs.flops(), runs.budget, rtol=1e-12, atol=0))  # each run spends its budget, C = 6·N·D
    True
    """

    params: FloatArray
    tokens: FloatArray
    loss: FloatArray
    budget: FloatArray | None = None

    def __post_init__(self) -> None:
        arrays = {"params": self.params, "tokens": self.tokens, "loss": self.loss}
        if self.budget is not None:
            arrays["budget"] = self.budget
        for name, value in arrays.items():
            checked, _ = check_positive(value, name)
            object.__setattr__(self, name, np.atleast_1d(np.asarray(checked, dtype=float)))
        sizes = {name: np.shape(getattr(self, name)) for name in arrays}
        if len(set(sizes.values())) != 1 or any(len(shape) != 1 for shape in sizes.values()):
            raise ValueError(f"runs must be 1-d arrays of one length, got shapes {sizes}")

    def __len__(self) -> int:
        return int(self.loss.size)

    def flops(self, flops_per_param_token: float = DEFAULT_FLOPS_PER_PARAM_TOKEN) -> FloatArray:
        """Training compute C = k·N·D [FLOP] of each run.

        Parameters
        ----------
        flops_per_param_token : float
            k [FLOP per parameter per token], 6 by default (forward and backward pass).

        Returns
        -------
        numpy.ndarray
            C [FLOP], one element per run, all finite.

        Raises
        ------
        ValueError, TypeError
            If ``flops_per_param_token`` is not a single finite number > 0, or C overflows float64 with it.

        Examples
        --------
        >>> runs = Runs(params=[1e8, 4e8], tokens=[2e9, 8e9], loss=[3.1, 2.7])
        >>> runs.flops().tolist()
        [1.2e+18, 1.92e+19]
        >>> bool(np.all(runs.flops(2) * 3 == runs.flops(6)))
        True
        """
        k = check_flops_per_param_token(flops_per_param_token)
        with np.errstate(over="ignore"):
            flops = np.asarray(k * self.params * self.tokens, dtype=float)
        representable("the training compute", "runs and flops_per_param_token", flops)
        return flops

    def subset(self, mask: Any) -> Runs:
        """The runs selected by a boolean mask or an index array.

        Parameters
        ----------
        mask : array_like of bool or int
            Either one bool per run (True keeps it) or the indices of the runs to keep (negative indices count
            from the end); it must select at least one run.

        Returns
        -------
        Runs
            The selected runs, in the order the mask gives them, with their budgets if these runs have them.

        Raises
        ------
        ValueError
            If a boolean mask has the wrong length, an index is out of range, or nothing is selected.
        TypeError
            If ``mask`` is neither booleans nor whole numbers.

        Examples
        --------
        >>> runs = Runs(params=[1e8, 4e8, 1e9], tokens=[2e9, 8e9, 2e10], loss=[3.1, 2.7, 2.5])
        >>> low = runs.subset(runs.loss < 3)
        >>> len(low), bool(np.all(low.loss < 3))
        (2, True)
        >>> runs.subset([2, 0]).params.tolist()
        [1000000000.0, 100000000.0]
        """
        if isinstance(mask, str | bytes | bytearray | memoryview):
            raise TypeError(f"mask must be booleans or indices, got {type(mask).__name__}")
        try:
            index = np.asarray(mask)
        except ValueError:
            raise ValueError("mask must be a flat list of booleans or indices (it is ragged)") from None
        if index.ndim != 1:
            raise ValueError(f"mask must be 1-d, got shape {index.shape}")
        if index.dtype.kind == "b":
            if index.size != len(self):
                raise ValueError(f"mask must hold one bool per run ({len(self)}), got {index.size}")
        elif index.dtype.kind in "iu" or (index.dtype.kind == "f" and index.size == 0):
            index = index.astype(np.intp)
            if index.size and not (-len(self) <= index.min() and index.max() < len(self)):
                raise ValueError(
                    f"mask indices must be in [-{len(self)}, {len(self)}), got {index.min()}..{index.max()}"
                )
        else:
            raise TypeError(f"mask must be booleans or indices, got {index.dtype} values")
        if not np.any(index) and not (index.dtype.kind == "i" and index.size):
            raise ValueError("mask selects no runs")
        budget = None if self.budget is None else self.budget[index]
        return Runs(self.params[index], self.tokens[index], self.loss[index], budget)

    def without_highest_losses(self, count: int) -> Runs:
        """Drop the ``count`` runs with the highest loss (Besiroglu et al. 2024 drop 5 of Hoffmann's 245).

        Parameters
        ----------
        count : int
            How many runs to drop, in [0, number of runs); ties keep the earlier run.

        Returns
        -------
        Runs
            The other runs, in their original order.

        Raises
        ------
        ValueError
            If ``count`` is not a whole number in [0, number of runs).

        References
        ----------
        Besiroglu, Erdil, Barnett, You 2024, "Chinchilla Scaling: A replication attempt", arXiv:2404.10102.

        Examples
        --------
        >>> runs = Runs(params=[1e8, 4e8, 1e9], tokens=[2e9, 8e9, 2e10], loss=[3.1, 2.7, 2.5])
        >>> kept = runs.without_highest_losses(1)
        >>> kept.loss.tolist(), bool(kept.loss.max() < runs.loss.max())
        ([2.7, 2.5], True)
        """
        if isinstance(count, bool | np.bool_) or not isinstance(count, int | np.integer) or not 0 <= count < len(self):
            raise ValueError(f"count must be a whole number in [0, {len(self)}), got {count!r}")
        return self.subset(np.sort(np.argsort(self.loss, kind="stable")[: len(self) - int(count)]))


def _check_limit(value: Any, name: str, allowed: str = "a whole number") -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name} must be {allowed}, got {type(value).__name__} {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be >= 1, got {value!r}")
    return int(value)


class _Capped(io.RawIOBase):
    """A binary stream that raises ``ValueError`` once more than ``limit`` bytes are read (never, for None).

    It reads at most one byte past the limit.
    """

    def __init__(self, handle: io.RawIOBase | io.BufferedIOBase, limit: int | None, name: str) -> None:
        super().__init__()
        self._handle, self._limit, self._name, self._count = handle, limit, name, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._limit is not None:
            view = view[: self._limit + 1 - self._count]
        count = self._handle.readinto(view) or 0
        self._count += count
        if self._limit is not None and self._count > self._limit:
            raise ValueError(f"{self._name}: larger than max_bytes={self._limit:,} bytes; raise the limit to read it")
        return count


def _text_stream(handle: io.RawIOBase | io.BufferedIOBase, max_bytes: int | None, name: str) -> io.TextIOWrapper:
    """The file as text, decoded as it is read: UTF-8 without a leading byte-order mark; undecodable bytes pass as
    lone surrogates (``surrogateescape``) for :func:`_lines` to report by line and column.
    """
    buffered = io.BufferedReader(_Capped(handle, max_bytes, name), buffer_size=2**16)
    return io.TextIOWrapper(buffered, encoding="utf-8-sig", errors="surrogateescape", newline="")


@dataclasses.dataclass
class _Cursor:
    """Where :func:`_lines` is: the physical line, the characters of the current row so far, that line's text, and
    the header once parsed (for column names in messages).
    """

    name: str
    line: int = 0
    row_chars: int = 0
    text: str = ""
    header: list[str] = dataclasses.field(default_factory=list)


def _lines(stream: io.TextIOWrapper, cursor: _Cursor) -> Iterator[str]:
    """Physical lines of the file (line breaks kept, as csv wants them), each checked: a row of at most
    :data:`MAX_LINE_CHARS` characters (``cursor.row_chars``, reset by the reader after each row) and valid UTF-8.
    Never holds more than one row in memory.
    """
    while True:
        text = stream.readline(MAX_LINE_CHARS + 1)
        if not text:
            return
        cursor.line += 1
        if cursor.line == 1 and text.startswith(("\udcff\udcfe", "\udcfe\udcff")):
            raise ValueError(f"{cursor.name}: the file is UTF-16 encoded; save it as UTF-8 (Excel: 'CSV UTF-8')")
        cursor.row_chars += len(text)
        if cursor.row_chars > MAX_LINE_CHARS:
            raise ValueError(
                f"{cursor.name}, line {cursor.line}: a row longer than MAX_LINE_CHARS={MAX_LINE_CHARS:,} characters "
                "(no line breaks, or an unclosed quote?): not a CSV of runs"
            )
        if not text.isascii():
            _check_utf8(text, cursor)
        cursor.text = text
        yield text


def _check_utf8(text: str, cursor: _Cursor) -> None:
    """Raise naming line, column and byte if a line holds bytes that were not UTF-8 (escaped as lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        byte = bytes([ord(text[error.start]) - 0xDC00])
        try:
            fields_before = next(csv.reader([text[: error.start]]), [""])
        except csv.Error:
            fields_before = [""]
        column = _column_label(max(len(fields_before), 1) - 1, cursor.header if cursor.line > 1 else [])
        raise ValueError(
            f"{cursor.name}, line {cursor.line}, {column}: byte {byte!r} is not valid UTF-8 (save the file as UTF-8)"
        ) from None


def _column_label(index: int, header: list[str]) -> str:
    """'column 3 ('loss')' for a 0-based field index, with the header's name where there is one."""
    name = f" ({header[index]!r})" if index < len(header) else ""
    return f"column {index + 1}{name}"


def _parse_header(fields: list[str], name: str) -> list[str]:
    header = [field.strip() for field in fields]
    seen: dict[str, int] = {}
    for index, column in enumerate(header):
        if not column:
            raise ValueError(f"{name}, line 1, column {index + 1}: empty column name in the header")
        if len(column) > MAX_FIELD_CHARS:
            raise ValueError(
                f"{name}, line 1, column {index + 1}: column name longer than {MAX_FIELD_CHARS} characters"
            )
        key = column.casefold()
        if key in seen:
            first = seen[key]
            kind = "duplicate" if header[first] == column else "ambiguous (same name up to case)"
            raise ValueError(
                f"{name}, line 1, columns {first + 1} and {index + 1}: {kind} column names "
                f"{header[first]!r} and {column!r}"
            )
        seen[key] = index
    return header


def _check_row(fields: list[str], header: list[str], name: str, line: int) -> None:
    if len(fields) > len(header):
        raise ValueError(
            f"{name}, line {line}, column {len(header) + 1}: {len(fields)} fields, but the header "
            f"names {len(header)} columns"
        )
    for index, field in enumerate(fields):
        if len(field) > MAX_FIELD_CHARS:
            raise ValueError(
                f"{name}, line {line}, {_column_label(index, header)}: field longer than {MAX_FIELD_CHARS:,} characters"
            )


def _cell_value(fields: list[str], index: int, header: list[str], where: str) -> float:
    label = f"{where}, column {header[index]!r}"
    if index >= len(fields):
        raise ValueError(f"{label}: missing (the row has {len(fields)} of {len(header)} fields)")
    cell = fields[index].strip()
    try:
        value = float(cell)
    except ValueError:
        raise ValueError(f"{label}: {cell!r} is not a number") from None
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{label}: must be a finite number > 0, got {cell!r}")
    return value


def _positions(first: list[str] | None, name: str, wanted: dict[str, str]) -> tuple[list[str], list[int]]:
    """The header, from the first row, and the index in it of each ``wanted`` column."""
    if first is None:
        raise ValueError(f"{name}: the file is empty; it needs a header row")
    header = _parse_header(first, name)
    missing = [column for column in wanted.values() if column not in header]
    if missing:
        hints = [h for h in header if h.casefold() in {m.casefold() for m in missing}]
        hint = f" (names are case-sensitive: the header has {hints})" if hints else ""
        arguments = ", ".join(f"{argument}={column!r}" for argument, column in wanted.items() if column in missing)
        raise ValueError(f"{name}: column(s) {missing} not found ({arguments}); the header has {header}{hint}")
    return header, [header.index(column) for column in wanted.values()]


def _csv_error(error: csv.Error, line: int, cursor: _Cursor) -> ValueError:
    """The error to raise for one of the csv module's, naming the line (and the column of an over-long field)."""
    name = cursor.name
    if "field limit" not in str(error):
        return ValueError(f"{name}, line {line}: malformed CSV ({error})")
    # a field beyond csv's own limit: find its column on the physical line
    pieces = cursor.text.split(",")
    index = next((i for i, piece in enumerate(pieces) if len(piece) > MAX_FIELD_CHARS), None)
    if index is None:  # no long piece on this line: a quoted field runs over several lines
        return ValueError(
            f"{name}, line {line}: field longer than {MAX_FIELD_CHARS:,} characters (a quoted field spans lines: "
            "an unclosed quote?)"
        )
    return ValueError(
        f"{name}, line {line}, {_column_label(index, cursor.header)}: field longer than {MAX_FIELD_CHARS:,} characters"
    )


def _parse_runs(
    stream: io.TextIOWrapper,
    name: str,
    wanted: dict[str, str],
    max_rows: int,
) -> dict[str, FloatArray]:
    """Values of the ``wanted`` columns (role -> column name: N, D or C, L, and optionally the budget), each checked
    finite and > 0, read row by row into growing float64 buffers (8 bytes per column per run).
    """
    cursor = _Cursor(name)
    reader = csv.reader(_lines(stream, cursor), strict=True)
    try:
        header, positions = _positions(next(reader, None), name, wanted)
        cursor.header, cursor.row_chars = header, 0
        first_at, second_at, third_at = positions[:3]
        budget_at = positions[3] if len(positions) > 3 else None  # the optional IsoFLOP budget column
        buffers = [array("d") for _ in positions]
        add_first, add_second, add_third = (buffer.append for buffer in buffers[:3])
        add_budget = buffers[3].append if budget_at is not None else None
        width, rows, inf = len(header), 0, math.inf
        w = 1.0
        for fields in reader:
            # fast path: the numbers in range and no over-long field (none can be if the row is short enough);
            # anything else is looked at again below
            try:
                x, y, z = float(fields[first_at]), float(fields[second_at]), float(fields[third_at])
                if budget_at is not None:
                    w = float(fields[budget_at])
                fine = 0 < x < inf and 0 < y < inf and 0 < z < inf and 0 < w < inf and len(fields) <= width
                fine = fine and (cursor.row_chars <= MAX_FIELD_CHARS or max(map(len, fields)) <= MAX_FIELD_CHARS)
            except (ValueError, IndexError):
                fine = False
            cursor.row_chars = 0
            if not fine and all(not field.strip() for field in fields):
                continue  # blank lines carry no run
            rows += 1
            if rows > max_rows:
                raise ValueError(f"{name}: more than max_rows={max_rows:,} rows; raise the limit to read them")
            if not fine:  # raises, naming the line and the column
                line = reader.line_num
                _check_row(fields, header, name, line)
                x, y, z, *rest = (_cell_value(fields, index, header, f"{name}, line {line}") for index in positions)
                w = rest[0] if rest else 1.0
            add_first(x)
            add_second(y)
            add_third(z)
            if add_budget is not None:
                add_budget(w)
    except csv.Error as error:
        raise _csv_error(error, reader.line_num, cursor) from None
    if not rows:
        raise ValueError(f"{name}: no runs after the header")
    return {role: np.frombuffer(buffer, dtype=np.float64) for role, buffer in zip(wanted, buffers, strict=True)}


def _check_columns(
    params_column: Any,
    tokens_column: Any,
    flops_column: Any,
    loss_column: Any,
    flops_per_param_token: Any,
    budget_column: Any = None,
) -> tuple[dict[str, str], float]:
    """The columns to read (argument name -> column name) and k, checked before the file is opened."""
    names: dict[str, Any] = {"params_column": params_column, "loss_column": loss_column}
    names |= {"tokens_column": tokens_column, "flops_column": flops_column, "budget_column": budget_column}
    for argument, value in names.items():
        if (value is not None or argument in ("params_column", "loss_column")) and not isinstance(value, str):
            raise TypeError(f"{argument} must be a column name (str), got {type(value).__name__} {value!r}")
    if (tokens_column is None) == (flops_column is None):
        raise ValueError("give exactly one of tokens_column or flops_column")
    k = check_flops_per_param_token(flops_per_param_token)  # one number: an array named no argument
    amount = "tokens_column" if tokens_column is not None else "flops_column"
    wanted = {"params_column": params_column, amount: tokens_column or flops_column or "", "loss_column": loss_column}
    if budget_column is not None:
        wanted["budget_column"] = budget_column
    if len(set(wanted.values())) != len(wanted):
        count = {3: "three", 4: "four"}[len(wanted)]
        raise ValueError(f"{', '.join(wanted)} must be {count} different columns, got {list(wanted.values())}")
    return wanted, k


def _read_runs(
    handle: io.RawIOBase | io.BufferedIOBase,
    name: str,
    wanted: dict[str, str],
    flops_per_param_token: float,
    *,
    max_bytes: int | None,
    max_rows: int,
) -> Runs:
    """The runs of an open binary file, streamed; ``wanted`` and k come from :func:`_check_columns`."""
    with _text_stream(handle, max_bytes, name) as stream:
        columns = _parse_runs(stream, name, wanted, max_rows)
    params = columns["params_column"]
    if "tokens_column" in columns:
        tokens = columns["tokens_column"]
    else:
        with np.errstate(over="ignore", under="ignore"):
            tokens = columns["flops_column"] / (flops_per_param_token * params)
        representable("D = C/(k·N)", "flops_column values and flops_per_param_token", tokens)
    return Runs(params, tokens, columns["loss_column"], columns.get("budget_column"))


def load_runs_csv(
    path: str | os.PathLike[str],
    *,
    params_column: str = "params",
    tokens_column: str | None = "tokens",
    flops_column: str | None = None,
    loss_column: str = "loss",
    budget_column: str | None = None,
    flops_per_param_token: float = DEFAULT_FLOPS_PER_PARAM_TOKEN,
    max_bytes: int | None = MAX_CSV_BYTES,
    max_rows: int = MAX_CSV_ROWS,
) -> Runs:
    r"""Read runs from a CSV file with a header row: parameters, tokens (or FLOPs) and final loss per row.

    Parameters
    ----------
    path : str or path-like
        A UTF-8 CSV file (a leading byte-order mark, as Excel's "CSV UTF-8" writes, is accepted) with a header row.
    params_column : str
        Header name of the column with N [parameters].
    tokens_column, flops_column : str or None
        Give exactly one: the column with D [tokens], or with the training compute C [FLOP], in which case
        D = C/(k·N).
    loss_column : str
        Header name of the column with the final loss L [nats/token].
    budget_column : str or None
        Header name of a column with each run's nominal IsoFLOP budget [FLOP] (for Approach 2), read with the same
        checks; None (the default) reads no budget.
    flops_per_param_token : float
        k in C = k·N·D, used only with ``flops_column`` (6 by default).
    max_bytes : int or None
        The loader reads at most ``max_bytes`` bytes (one more, to tell), >= 1, and refuses larger files;
        :data:`MAX_CSV_BYTES` (16 GiB) by default, ``None`` for no limit. It bounds the time spent on an endless
        input, not memory, which the streaming bounds.
    max_rows : int
        The loader reads at most ``max_rows`` data rows, >= 1, and refuses more; :data:`MAX_CSV_ROWS` (10^8) by
        default. The runs returned hold 24 bytes per row.

    Returns
    -------
    Runs
        One element per data row, with ``budget`` when ``budget_column`` is given; blank lines are skipped; other
        columns are ignored.

    Raises
    ------
    ValueError
        Naming the file, the line and the column: a value that is not a finite number > 0, undecodable bytes
        (not UTF-8), a field longer than :data:`MAX_FIELD_CHARS`, a line (or a row, if a quoted field spans lines)
        longer than :data:`MAX_LINE_CHARS` (a file without line breaks), a row with more fields than the header,
        empty, duplicate or ambiguous header names (equal up to case), a missing column, no data rows, or a file
        over ``max_bytes`` or ``max_rows``. The first problem in the file is reported; the rows before it have been
        read, but nothing is returned.
        A file that cannot be opened or read (missing, a directory, no permission) is a ``ValueError`` naming
        ``path``, with the ``OSError`` as its cause.
    TypeError
        A column name that is not a string, or a limit that is not a whole number (or None, for ``max_bytes``).

    Notes
    -----
    The file is streamed: read line by line (each line at most :data:`MAX_LINE_CHARS`) into growing float64
    buffers, so memory is about 24 bytes per run plus one line, whatever the file's size; a million runs (about
    40 MB of CSV) load in a few seconds. The arguments are checked before the file is opened.

    Epoch AI's extraction of Hoffmann's Figure 4 reads with ``params_column="Model Size", tokens_column=None,
    flops_column="Training FLOP"``; :func:`load_figure4` does that from the copy shipped with the package.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "runs.csv"
    >>> _ = path.write_bytes(b"\xef\xbb\xbfparams,tokens,loss\n1e8,2e9,3.1\n4e8,8e9,2.7\n")  # with a BOM
    >>> runs = load_runs_csv(path)
    >>> len(runs), float(runs.tokens[1] / runs.params[1])
    (2, 20.0)
    >>> _ = path.write_text("params,tokens,loss\n1e8,2e9,3.1\n4e8,8e9,2.7O\n")
    >>> load_runs_csv(path)
    Traceback (most recent call last):
    ...
    ValueError: runs.csv, line 3, column 'loss': '2.7O' is not a number
    """
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"path must be a file path (str or path-like), got {type(path).__name__}")
    path = Path(path)
    byte_limit = None if max_bytes is None else _check_limit(max_bytes, "max_bytes", "a whole number or None")
    row_limit = _check_limit(max_rows, "max_rows")
    wanted, k = _check_columns(
        params_column, tokens_column, flops_column, loss_column, flops_per_param_token, budget_column
    )
    try:
        with path.open("rb", buffering=0) as handle:
            return _read_runs(handle, path.name, wanted, k, max_bytes=byte_limit, max_rows=row_limit)
    except OSError as error:
        raise ValueError(f"path {str(path)[:200]!r} cannot be read: {error.strerror or error}") from error


def load_figure4(drop_highest: int = 5) -> Runs:
    """The training runs of Hoffmann et al. 2022, Figure 4 (left), as extracted by Besiroglu et al. 2024.

    245 runs (N, C and final loss) read off the figure by Epoch AI and published in their repository
    ``epoch-research/analyzing-chinchilla`` (``data/svg_extracted_data.csv``); the package ships a copy with its
    attribution (``chinchilla_lib/data/README.md``). Tokens are D = C/(6·N). Losses were read from the figure's
    colour bar, so they are quantised (up to about 0.015).

    Parameters
    ----------
    drop_highest : int
        How many runs with the highest loss to drop: 5 by default, as Besiroglu et al. do (leaving 240); 0 keeps
        all 245.

    Returns
    -------
    Runs
        N [parameters], D [tokens], L [nats/token], in the order of the file.

    References
    ----------
    Hoffmann et al. 2022, "Training Compute-Optimal Large Language Models", arXiv:2203.15556, Figure 4.
    Besiroglu, Erdil, Barnett, You 2024, "Chinchilla Scaling: A replication attempt", arXiv:2404.10102.

    Examples
    --------
    >>> runs = load_figure4()
    >>> len(runs), len(load_figure4(drop_highest=0))
    (240, 245)
    >>> bool(runs.loss.max() < load_figure4(drop_highest=0).loss.max())
    True
    """
    if isinstance(drop_highest, bool) or not isinstance(drop_highest, int | np.integer):
        raise TypeError(f"drop_highest must be a whole number, got {type(drop_highest).__name__} {drop_highest!r}")
    raw = resources.files("chinchilla_lib").joinpath("data", FIGURE4_CSV).read_bytes()
    wanted, k = _check_columns("Model Size", None, "Training FLOP", "loss", DEFAULT_FLOPS_PER_PARAM_TOKEN)
    runs = _read_runs(io.BytesIO(raw), FIGURE4_CSV, wanted, k, max_bytes=None, max_rows=MAX_CSV_ROWS)
    if not 0 <= drop_highest < len(runs):
        raise ValueError(f"drop_highest must be in [0, {len(runs)}), got {drop_highest!r}")
    return runs.without_highest_losses(int(drop_highest))
