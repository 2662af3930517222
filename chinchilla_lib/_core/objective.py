r"""The Approach 3 objective, from one residual function: value, gradient, Hessian, for one θ or many.

With :math:`\theta = (a, b, e, \alpha, \beta)` and runs :math:`(x_i, y_i, z_i) = (\log N_i, \log D_i, \log L_i)`:

.. math::

    t_i = (a - \alpha x_i,\ b - \beta y_i,\ e), \quad r_i = \mathrm{LSE}(t_i) - z_i, \quad
    w_i = \mathrm{softmax}(t_i), \quad f(\theta) = \sum_i \mathrm{Huber}_\delta(r_i),

    \nabla f = \sum_i \psi_i \,(w_{i1},\ w_{i2},\ w_{i3},\ -x_i w_{i1},\ -y_i w_{i2}), \qquad
    \psi_i = \mathrm{clip}(r_i, -\delta, \delta).

:func:`residuals` computes :math:`r` and :math:`w` for a batch of θ; everything else is built on it. Plain NumPy:
no checking, no SciPy.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


def residuals(thetas: Array, x: Array, y: Array, z: Array) -> tuple[Array, Array, Array, Array]:
    """For θ of shape (S, 5) and runs of shape (n,): residuals r (S, n) and softmax weights w1, w2, w3 (S, n)."""
    a, b, e, alpha, beta = (thetas[:, j, None] for j in range(5))
    t1 = a - alpha * x
    t2 = b - beta * y
    top = np.maximum(np.maximum(t1, t2), e)
    e1, e2, e3 = np.exp(t1 - top), np.exp(t2 - top), np.exp(e - top)
    total = e1 + e2 + e3
    return top + np.log(total) - z, e1 / total, e2 / total, e3 / total


def huber(delta: float, r: Array) -> Array:
    """Huber loss: r²/2 for |r| <= δ, δ(|r| − δ/2) beyond (scipy.special.huber).

    Computed as q(|r| − q/2) with q = min(|r|, δ), which never forms δ²: a huge δ must not overflow.
    """
    magnitude = np.abs(r)
    clipped = np.minimum(magnitude, delta)
    return clipped * (magnitude - 0.5 * clipped)


def value_and_gradient(
    thetas: Array, x: Array, y: Array, z: Array, delta: float, scale: float = 1.0, block: int = 128
) -> tuple[Array, Array]:
    """Objective values (S,) and gradients (S, 5) for a batch of θ, ``block`` rows at a time (cache-sized)."""
    count = len(thetas)
    values, grads = np.empty(count), np.empty((count, 5))
    for lo in range(0, count, block):
        r, w1, w2, w3 = residuals(thetas[lo : lo + block], x, y, z)
        psi = np.clip(r, -delta, delta)
        p1, p2 = psi * w1, psi * w2
        values[lo : lo + block] = huber(delta, r).sum(axis=1)
        grads[lo : lo + block] = np.column_stack(
            [p1.sum(axis=1), p2.sum(axis=1), (psi * w3).sum(axis=1), -(p1 @ x), -(p2 @ y)]
        )
    return values * scale, grads * scale


def hessian(theta: Array, x: Array, y: Array, z: Array, delta: float, scale: float = 1.0) -> Array:
    r"""The exact 5 × 5 Hessian at one θ.

    With :math:`J_i` the 3 × 5 map from θ to :math:`t_i`, :math:`\nabla r_i = J_i^\top w_i` and

    .. math:: H = \sum_i \mathbb{1}(|r_i| \le \delta)\, \nabla r_i \nabla r_i^\top
              + \psi_i\, J_i^\top \big(\mathrm{diag}(w_i) - w_i w_i^\top\big) J_i .
    """
    r, w1, w2, w3 = (v[0] for v in residuals(theta[None, :], x, y, z))
    psi = np.clip(r, -delta, delta)
    inside = np.abs(r) <= delta
    ones, zeros = np.ones_like(x), np.zeros_like(x)
    j1 = np.stack([ones, zeros, zeros, -x, zeros], axis=1)  # d t1 = da − x dα
    j2 = np.stack([zeros, ones, zeros, zeros, -y], axis=1)  # d t2 = db − y dβ
    j3 = np.stack([zeros, zeros, ones, zeros, zeros], axis=1)  # d t3 = de
    grad_r = w1[:, None] * j1 + w2[:, None] * j2 + w3[:, None] * j3
    # J^T (diag(w) − w w^T) J = Σ_k w_k j_k j_k^T − ∇r ∇r^T
    curvature = sum(np.einsum("n,ni,nj->ij", psi * w, j, j) for w, j in ((w1, j1), (w2, j2), (w3, j3)))
    curvature = curvature - np.einsum("n,ni,nj->ij", psi, grad_r, grad_r)
    hess = np.einsum("ni,nj->ij", grad_r[inside], grad_r[inside]) + curvature
    return np.asarray(hess * scale, dtype=np.float64)
