"""Helpers for checking SymPy results in the derivation chapters (needs the ``course`` extra, for SymPy)."""

from __future__ import annotations

import sympy as sp


def same_in_logs(left: sp.Expr, right: sp.Expr) -> bool:
    """Whether two positive expressions are equal, compared through their logarithms.

    ``sp.simplify(x - y) == 0`` often fails for products of powers with symbolic exponents (``(C/k)**a / G``) that
    are equal only once the powers are expanded; their logarithms expand into sums, which SymPy cancels reliably.
    The symbols must be declared positive.

    >>> a, b, x = sp.symbols("a b x", positive=True)
    >>> same_in_logs((x**a) ** b * x, x ** (a * b + 1))
    True
    """
    return bool(sp.simplify(sp.expand_log(sp.log(left) - sp.log(right), force=True)) == 0)
