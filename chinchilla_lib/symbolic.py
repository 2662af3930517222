"""Helpers for checking SymPy results in the derivation chapters (needs the ``course`` extra, for SymPy)."""

from __future__ import annotations

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

    Examples
    --------
    >>> a, b, x = sp.symbols("a b x", positive=True)
    >>> same_in_logs((x**a) ** b * x, x ** (a * b + 1))
    True
    >>> same_in_logs(x**a, x ** (a + 1))
    False
    """
    return bool(sp.simplify(sp.expand_log(sp.log(left) - sp.log(right), force=True)) == 0)
