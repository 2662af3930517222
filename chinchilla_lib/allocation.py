r"""Compute-optimal allocation under the parametric loss :math:`L(N, D) = E + A N^{-\alpha} + B D^{-\beta}`.

The derivation (chapter 02 redoes it in SymPy): with the budget :math:`C = k N D` fixed, substitute
:math:`D = C/(kN)` and solve :math:`\partial L / \partial N = 0`:

.. math::

    N_{opt}(C) = G \left(\frac{C}{k}\right)^{a}, \qquad
    D_{opt}(C) = G^{-1} \left(\frac{C}{k}\right)^{b}, \qquad
    G = \left(\frac{\alpha A}{\beta B}\right)^{\frac{1}{\alpha+\beta}}, \quad
    a = \frac{\beta}{\alpha+\beta}, \quad b = \frac{\alpha}{\alpha+\beta}.

Because :math:`a + b = 1`, :math:`N_{opt} D_{opt} = C/k` exactly, so the library computes
:math:`D_{opt} = (C/k)/N_{opt}`: one power fewer and an exact round trip. Along the frontier both reducible terms
decay with the same exponent, :math:`a\alpha = b\beta = \alpha\beta/(\alpha+\beta)`, so the optimal loss is a single
power law in compute:

.. math::

    L^*(C) = E + K \left(\frac{C}{k}\right)^{-c}, \qquad
    K = A G^{-\alpha} + B G^{\beta}, \quad c = \frac{\alpha\beta}{\alpha+\beta},

which inverts in closed form (:meth:`ScalingLaw.compute_for_loss`). Eliminating :math:`C` between :math:`N_{opt}` and
:math:`D_{opt}` gives the tokens a model of size :math:`N` should see, independent of :math:`k`:

.. math::

    D^*(N) = \gamma N^{\phi}, \qquad \gamma = \left(\frac{\beta B}{\alpha A}\right)^{1/\beta}, \quad
    \phi = \frac{\alpha}{\beta}.

The closed forms are methods of :class:`chinchilla_lib.ScalingLaw` (computed by ``chinchilla_lib._core``); this
module holds their result type, :class:`Allocation`.

References
----------
Hoffmann et al. 2022, "Training Compute-Optimal Large Language Models", arXiv:2203.15556, eq. (4) and App. D.2.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from chinchilla_lib._validation import ArrayOrFloat


class Allocation(NamedTuple):  # numpydoc ignore=PR02
    """A training plan: model size, training tokens, training compute and the loss the law predicts.

    Unpacks like a tuple, ``N, D, C, L = law.compute_optimal(1e23)``; fields are Python floats for scalar inputs
    and NumPy arrays (broadcast together) for array inputs. A named tuple: made by the laws, not checked when made.

    Parameters
    ----------
    params : float or numpy.ndarray
        N [parameters].
    tokens : float or numpy.ndarray
        D [training tokens].
    flops : float or numpy.ndarray
        C [FLOP], training compute k·N·D.
    loss : float or numpy.ndarray
        L [nats/token], the law's predicted final training loss.

    Attributes
    ----------
    tokens_per_param : float or numpy.ndarray
        D/N [tokens per parameter].

    Examples
    --------
    >>> from chinchilla_lib import PUBLISHED_LAWS
    >>> plan = PUBLISHED_LAWS["hoffmann2022"].compute_optimal(5.76e23)
    >>> plan.flops == 5.76e23, abs(6 * plan.params * plan.tokens / plan.flops - 1) < 1e-14  # C = 6·N·D
    (True, True)
    >>> round(plan.tokens_per_param)
    93
    """

    params: ArrayOrFloat
    tokens: ArrayOrFloat
    flops: ArrayOrFloat
    loss: ArrayOrFloat

    @property
    def tokens_per_param(self) -> ArrayOrFloat:
        """D/N [tokens per parameter]."""
        ratio = np.divide(self.tokens, self.params)
        return float(ratio) if np.ndim(ratio) == 0 else ratio
