r"""The laws of Kaplan et al. (2020), which recommended much larger models than Chinchilla's.

* Single-variable laws (their Table 5): :math:`L(N) = (N_c/N)^{\alpha_N}` for a model trained to convergence,
  :math:`L(D) = (D_c/D)^{\alpha_D}` for a large model trained with early stopping; N counts *non-embedding*
  parameters.
* The joint law (their eq. 1.5, Table 2), with its own constants:
  :math:`L(N, D) = \big[(N_c/N)^{\alpha_N/\alpha_D} + D_c/D\big]^{\alpha_D}`.
* The compute-efficient frontier (Table 6): :math:`N_{opt} = 1.3 \times 10^9 \cdot C_{min}^{0.73}` with
  :math:`C_{min}` in PF-days. Kaplan et al. define :math:`C_{min}` as an estimate of the minimum (non-embedding)
  compute needed to reach a given loss, the compute a run at a batch size far below the critical batch size
  :math:`B_{crit}` would use (their Sec. 1.3); from a run at batch size B, :math:`C_{min} = C/(1 + B/B_{crit})`
  (eq. 5.5), so a run at :math:`B = B_{crit}` spends :math:`C = 2\,C_{min}`. This library takes
  :math:`C_{min} = C/2`, a budget spent at the critical batch size: the reading with which Hoffmann et al.'s
  statement that Kaplan's law recommends 4.68B parameters at 1e21 FLOPs is reproduced (:math:`C_{min} = C` would
  give 7.77B). Kaplan's C counts non-embedding FLOPs; the C given to this library is total training FLOPs.

References
----------
.. [1] J. Kaplan et al., "Scaling Laws for Neural Language Models", 2020, arXiv:2001.08361, Sec. 1.3, eq. (5.5),
   Tables 2, 5, 6.
.. [2] J. Hoffmann et al. 2022, arXiv:2203.15556, App. D.4 (the 4.68B figure).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from chinchilla_lib._validation import (
    ArrayOrFloat,
    check_broadcast,
    check_positive,
    check_range,
    output,
    positive_scalar,
    representable,
)

PF_DAY = 8.64e19
"""One petaflop/s-day [FLOP]: 1e15 FLOP/s × 86,400 s."""


@dataclasses.dataclass(frozen=True)
class KaplanLaw:  # numpydoc ignore=PR02
    """The power laws of Kaplan et al. 2020; N counts non-embedding parameters. Validated like :class:`ScalingLaw`.

    Parameters
    ----------
    alpha_n, n_c : float
        Single-variable law L(N) = (N_c/N)^alpha_N (Table 5: 0.076, 8.8e13).
    alpha_d, d_c : float
        Single-variable law L(D) = (D_c/D)^alpha_D (Table 5: 0.095, 5.4e13).
    joint_alpha_n, joint_alpha_d, joint_n_c, joint_d_c : float
        The joint law's constants (Table 2: 0.076, 0.103, 6.4e13, 1.8e13).
    optimal_params_coefficient, optimal_params_exponent : float
        N_opt = coefficient · (C_min / 1 PF-day)^exponent (Table 6: 1.3e9, 0.73).
    compute_min_fraction : float
        C_min = fraction · C, in (0, 1]; 1/2 (a budget spent at the critical batch size, eq. 5.5) reproduces
        Hoffmann et al.'s 4.68B at 1e21 FLOPs.
    citation : str
        The source.

    Raises
    ------
    TypeError
        If a field has the wrong kind.
    ValueError
        If a constant is not finite and > 0, or the fraction is outside (0, 1].

    References
    ----------
    .. [1] J. Kaplan et al. 2020, arXiv:2001.08361.

    Examples
    --------
    >>> law = KaplanLaw()
    >>> law.loss_params(law.n_c)  # L(N_c) = 1 by construction
    1.0
    """

    alpha_n: float = 0.076
    n_c: float = 8.8e13
    alpha_d: float = 0.095
    d_c: float = 5.4e13
    joint_alpha_n: float = 0.076
    joint_alpha_d: float = 0.103
    joint_n_c: float = 6.4e13
    joint_d_c: float = 1.8e13
    optimal_params_coefficient: float = 1.3e9
    optimal_params_exponent: float = 0.73
    compute_min_fraction: float = 0.5
    citation: str = 'Kaplan et al. 2020, "Scaling Laws for Neural Language Models", arXiv:2001.08361, Tables 2, 5, 6'

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):
            if field.name == "citation":
                if not isinstance(self.citation, str):
                    raise TypeError(f"citation must be a str, got {type(self.citation).__name__}")
            elif field.name == "compute_min_fraction":
                value, scalar = check_range(self.compute_min_fraction, field.name, upper=1.0, upper_inclusive=True)
                if not scalar:
                    raise TypeError(f"{field.name} must be a single number")
                object.__setattr__(self, field.name, float(value))
            else:
                object.__setattr__(self, field.name, positive_scalar(getattr(self, field.name), field.name))

    def loss_params(self, params: Any) -> ArrayOrFloat:
        r"""L(N) = (N_c/N)^alpha_N [nats/token]: a model trained to convergence on ample data.

        Parameters
        ----------
        params : float or array_like
            N [non-embedding parameters], finite and > 0.

        Returns
        -------
        float or numpy.ndarray
            [nats/token].

        Raises
        ------
        TypeError
            If ``params`` is not a real number or an array of them.
        ValueError
            If an element is out of range or the loss leaves float64.

        Examples
        --------
        >>> KAPLAN_2020.loss_params(1e9) > KAPLAN_2020.loss_params(1e10)
        True
        """
        n, scalar = check_positive(params, "params", "parameters")
        value = np.exp(self.alpha_n * (np.log(self.n_c) - np.log(n)))
        representable("the loss", "params", value)
        return output(value, scalar)

    def loss_tokens(self, tokens: Any) -> ArrayOrFloat:
        r"""L(D) = (D_c/D)^alpha_D [nats/token]: a large model trained with early stopping on D tokens.

        Parameters
        ----------
        tokens : float or array_like
            D [tokens], finite and > 0.

        Returns
        -------
        float or numpy.ndarray
            [nats/token].

        Raises
        ------
        TypeError
            If ``tokens`` is not a real number or an array of them.
        ValueError
            If an element is out of range or the loss leaves float64.

        Examples
        --------
        >>> KAPLAN_2020.loss_tokens(KAPLAN_2020.d_c)
        1.0
        """
        d, scalar = check_positive(tokens, "tokens", "tokens")
        value = np.exp(self.alpha_d * (np.log(self.d_c) - np.log(d)))
        representable("the loss", "tokens", value)
        return output(value, scalar)

    def loss(self, params: Any, tokens: Any) -> ArrayOrFloat:
        r"""The joint law :math:`L(N, D) = [(N_c/N)^{\alpha_N/\alpha_D} + D_c/D]^{\alpha_D}` [nats/token].

        Parameters
        ----------
        params : float or array_like
            N [non-embedding parameters], finite and > 0.
        tokens : float or array_like
            D [tokens], finite and > 0; broadcasts with ``params``.

        Returns
        -------
        float or numpy.ndarray
            [nats/token], with the joint law's own constants (Table 2).

        Raises
        ------
        TypeError
            If an argument is not a real number or an array of them.
        ValueError
            If an element is out of range, the shapes do not broadcast, or the loss leaves float64.

        References
        ----------
        .. [1] J. Kaplan et al. 2020, arXiv:2001.08361, eq. (1.5) and Table 2.

        Examples
        --------
        >>> KAPLAN_2020.loss(1e9, 1e10) > KAPLAN_2020.loss(1e9, 1e11)  # more data, lower loss
        True
        """
        n, n_scalar = check_positive(params, "params", "parameters")
        d, d_scalar = check_positive(tokens, "tokens", "tokens")
        check_broadcast(params=n, tokens=d)
        log_model = (self.joint_alpha_n / self.joint_alpha_d) * (np.log(self.joint_n_c) - np.log(n))
        log_data = np.log(self.joint_d_c) - np.log(d)
        value = np.exp(self.joint_alpha_d * np.logaddexp(log_model, log_data))
        representable("the loss", "params and tokens", value)
        return output(value, n_scalar and d_scalar)

    def optimal_params(self, flops: Any) -> ArrayOrFloat:
        r"""Kaplan's compute-optimal model size :math:`N_{opt} = 1.3\times10^9 \cdot (C_{min}/\text{PF-day})^{0.73}`.

        Parameters
        ----------
        flops : float or array_like
            C [FLOP], finite and > 0; :math:`C_{min}` = ``compute_min_fraction`` · C.

        Returns
        -------
        float or numpy.ndarray
            N_opt [non-embedding parameters].

        Raises
        ------
        TypeError
            If ``flops`` is not a real number or an array of them.
        ValueError
            If an element is out of range or the answer leaves float64.

        References
        ----------
        .. [1] J. Kaplan et al. 2020, arXiv:2001.08361, Table 6.
        .. [2] J. Hoffmann et al. 2022, arXiv:2203.15556, App. D.4 (4.68B at 1e21 FLOPs).

        Examples
        --------
        >>> ratio = KAPLAN_2020.optimal_params(1e24) / KAPLAN_2020.optimal_params(1e23)
        >>> bool(abs(np.log10(ratio) - 0.73) < 1e-12)  # N_opt grows as C^0.73
        True
        """
        c, scalar = check_positive(flops, "flops", "FLOP")
        log_pf_days = np.log(self.compute_min_fraction) + np.log(c) - np.log(PF_DAY)
        value = np.exp(np.log(self.optimal_params_coefficient) + self.optimal_params_exponent * log_pf_days)
        representable("Kaplan's optimal model size", "flops", value)
        return output(value, scalar)


KAPLAN_2020 = KaplanLaw()
"""Kaplan et al. 2020's published constants, with C_min = C/2 (a budget C spent at the critical batch size)."""
