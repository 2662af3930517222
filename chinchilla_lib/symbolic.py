"""Helpers for checking SymPy results in the derivation chapters (needs the ``course`` extra, for SymPy)."""

from __future__ import annotations

from typing import Any

import sympy as sp


def same_in_logs(left: sp.Expr, right: sp.Expr) -> bool:
    """Whether two positive expressions are equal, compared through their logarithms.

    ``sp.simplify(x - y) == 0`` often fails for products of powers with symbolic exponents (``(C/k)**a / G``) that
    are equal only once the powers are expanded; their logarithms expand into sums, which SymPy cancels reliably.
    The symbols must be declared positive.

    Parameters
    ----------
    left, right : sympy.Expr
        Two expressions in positive symbols, e.g. a derived optimum and the paper's closed form.

    Returns
    -------
    bool
        True if log(left) - log(right) simplifies to 0 once the logarithms are expanded; False if SymPy cannot
        show it (which does not prove the two differ).

    Raises
    ------
    TypeError
        If ``left`` or ``right`` is not a SymPy expression (or a number).

    Examples
    --------
    >>> a, b, x = sp.symbols("a b x", positive=True)
    >>> same_in_logs((x**a) ** b * x, x ** (a * b + 1))
    True
    >>> same_in_logs(x**a, x ** (a + 1))
    False
    """
    left, right = _expression(left, "left"), _expression(right, "right")
    return bool(sp.simplify(sp.expand_log(sp.log(left) - sp.log(right), force=True)) == 0)


def _expression(value: Any, name: str) -> sp.Expr:
    """``value`` as one SymPy expression (numbers are converted; text is refused: SymPy would parse it with eval)."""
    try:
        expression = sp.sympify(value, strict=True)
    except (sp.SympifyError, TypeError, ValueError):
        expression = None
    if not isinstance(expression, sp.Expr) or isinstance(expression, sp.MatrixBase):
        raise TypeError(f"{name} must be a SymPy expression (or a number), got {type(value).__name__}")
    return expression
