r"""Closed forms of the parametric law :math:`L(N, D) = E + A N^{-\alpha} + B D^{-\beta}`, unchecked.

The derivation is chapter 02's. With :math:`x = C/k = N D`:

.. math::

    N_{opt} = G x^{a}, \quad D_{opt} = x / N_{opt}, \quad L^* = E + K x^{-c}, \qquad
    D^*(N) = \gamma N^{\phi},

    \log G = \frac{\log(\alpha A/(\beta B))}{\alpha+\beta}, \quad
    \log K = \operatorname{logaddexp}(\log A - \alpha \log G,\ \log B + \beta \log G), \quad
    \log \gamma = -\frac{\log(\alpha A/(\beta B))}{\beta},

    a = \frac{\beta}{\alpha+\beta}, \quad c = \frac{\alpha\beta}{\alpha+\beta}, \quad \phi = \frac{\alpha}{\beta}.

The coefficients are kept as logarithms: :math:`G`, :math:`K` and :math:`\gamma` are powers with exponents
:math:`1/(\alpha+\beta)` or :math:`1/\beta`, which overflow for small exponents long before their logarithms do.
Results may still overflow or underflow for extreme inputs: NumPy's warnings are silenced here (:func:`quiet`) and the
public boundary checks the results instead, naming the arguments responsible.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
Real = float | Array


def quiet() -> np.errstate:
    """A fresh ``np.errstate(all="ignore")``: overflow, underflow and 0/0 are judged by the caller's
    ``representable`` check, not by NumPy warnings. Use as ``with quiet():`` or as a decorator ``@quiet()``.
    """
    return np.errstate(all="ignore")


class Frontier(NamedTuple):
    """The constants of one law, in the form the closed forms use them."""

    E: float
    log_A: float
    log_B: float
    alpha: float
    beta: float
    a: float
    """beta/(alpha+beta), the exponent of N_opt in x = C/k."""
    c: float
    """alpha·beta/(alpha+beta), the exponent of the frontier's reducible loss."""
    phi: float
    """alpha/beta, the exponent of D*(N)."""
    log_G: float
    log_K: float
    log_gamma: float


def frontier(E: float, A: float, B: float, alpha: float, beta: float) -> Frontier:
    """The :class:`Frontier` of a law; some fields are inf or nan when the constants are too extreme for float64."""
    log_a, log_b = math.log(A), math.log(B)
    total = alpha + beta
    log_ratio = math.log(alpha) + log_a - math.log(beta) - log_b  # log(αA/(βB))
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        log_g = float(np.divide(log_ratio, total))
        log_k = float(np.logaddexp(log_a - alpha * log_g, log_b + beta * log_g))
        log_gamma = float(np.divide(-log_ratio, beta))
        phi = float(np.divide(alpha, beta))
    return Frontier(E, log_a, log_b, alpha, beta, beta / total, alpha * beta / total, phi, log_g, log_k, log_gamma)


@quiet()
def loss(f: Frontier, params: Real, tokens: Real) -> Real:
    """E + A·N^-alpha + B·D^-beta, each power as an exponential of a logarithm so that A·N^-alpha stays finite
    whenever it is representable.
    """
    return f.E + np.exp(f.log_A - f.alpha * np.log(params)) + np.exp(f.log_B - f.beta * np.log(tokens))


@quiet()
def loss_terms(f: Frontier, params: Real, tokens: Real) -> tuple[Real, Real]:
    """The model term A·N^-alpha and the data term B·D^-beta."""
    return np.exp(f.log_A - f.alpha * np.log(params)), np.exp(f.log_B - f.beta * np.log(tokens))


@quiet()
def compute_optimal(f: Frontier, flops: Real, k: float) -> tuple[Real, Real, Real]:
    """(N_opt, D_opt, L*) at budget C with C = k·N·D; D_opt = (C/k)/N_opt makes k·N·D = C exact to rounding."""
    scaled = np.divide(flops, k)
    log_scaled = np.log(scaled)
    params = np.exp(f.log_G + f.a * log_scaled)
    return params, scaled / params, f.E + np.exp(f.log_K - f.c * log_scaled)


@quiet()
def optimal_tokens(f: Frontier, params: Real) -> Real:
    """D*(N) = gamma·N^phi [tokens]."""
    return np.exp(f.log_gamma + f.phi * np.log(params))


@quiet()
def optimal_params(f: Frontier, tokens: Real) -> Real:
    """N*(D) = (D/gamma)^(1/phi) [parameters], the inverse of :func:`optimal_tokens`."""
    return np.exp((np.log(tokens) - f.log_gamma) / f.phi)


@quiet()
def log_flops_for_loss(f: Frontier, target: Real, k: float) -> Real:
    """Log C of the cheapest budget reaching ``target`` > E: C = k·(K/(target − E))^(1/c), in logs."""
    return (f.log_K - np.log(np.subtract(target, f.E))) / f.c + math.log(k)
