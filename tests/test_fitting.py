"""Fitting: Approach 3 against the per-start reference and known laws, its derivatives, the bootstrap,
Approaches 2 and 1, loading runs from CSV, and the refit of Hoffmann's Figure 4 data (shipped with the package)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st
from scipy import differentiate, optimize

from chinchilla_lib import PUBLISHED_LAWS, fit_parametric, reference
from chinchilla_lib._core.objective import value_and_gradient
from chinchilla_lib._core.screen import screen_starts
from chinchilla_lib.approaches import fit_isoflop_profiles, fit_training_envelope, group_by_budget
from chinchilla_lib.fitting import (
    PAPER_GRID,
    BootstrapResult,
    RunData,
    bootstrap,
    hessian,
    law_from_theta,
    objective,
    theta_from_law,
)
from chinchilla_lib.runs import Runs, load_figure4, load_runs_csv
from chinchilla_lib.synthetic import TrainingCurve, isoflop_runs, size_grid, training_curves

TRUE = PUBLISHED_LAWS["besiroglu2024"]


@pytest.fixture(scope="module")
def noisy_runs() -> Runs:
    return isoflop_runs(TRUE, budgets=(1e18, 1e19, 1e20, 1e21), per_budget=8, noise=0.02, seed=3)


@pytest.fixture(scope="module")
def data(noisy_runs) -> RunData:
    return RunData.from_runs(noisy_runs.params, noisy_runs.tokens, noisy_runs.loss)


# --- the objective and its derivatives --------------------------------------------------------------------------------


def test_paper_grid_is_the_4500_starts():
    assert PAPER_GRID.shape == (4500, 5)
    assert sorted(set(PAPER_GRID[:, 0])) == [0, 5, 10, 15, 20, 25]
    assert sorted(set(PAPER_GRID[:, 2])) == [-1, -0.5, 0, 0.5, 1]
    assert sorted(set(PAPER_GRID[:, 3])) == [0, 0.5, 1, 1.5, 2]


THETAS = st.tuples(st.floats(0, 10), st.floats(0, 10), st.floats(-1, 1), st.floats(0.05, 1), st.floats(0.05, 1))


def batched_objective(thetas, data, delta=1e-3, block=128):
    return value_and_gradient(thetas, data.log_params, data.log_tokens, data.log_loss, delta, block=block)


def _over_batch(data, delta, which):
    """f(x) for scipy.differentiate: x has shape (5, ...); evaluates the value (which=None) or gradient component."""

    def f(x):
        flat = np.moveaxis(x, 0, -1).reshape(-1, 5)
        values, grads = batched_objective(flat, data, delta)
        out = values if which is None else grads[:, which]
        return out.reshape(x.shape[1:])

    return f


@given(theta=THETAS)
# scipy's default first step (0.5 in every coordinate) once gave d2f/(da dalpha) 4.5e-6 off, with an error estimate
# of 2e-6: along alpha and beta the objective varies on a scale 1/|log N| and 1/|log D| (about 1/20), so the steps
# are scaled by that (the Hessian agrees with a 40-digit mpmath evaluation at this point)
@example(theta=(1.4468716368106518, 9.0, 0.0, 0.05, 0.9375))
@example(theta=(0.5, 0.3359375, 1.0, 0.5, 0.903779833539922))  # two entries scipy could not converge
def test_derivatives_match_scipy_differentiate_where_the_objective_is_smooth(data, theta):
    # with a huge delta every residual is in the Huber loss's quadratic zone: the objective is smooth everywhere
    theta, delta = np.array(theta), 100.0
    steps = 0.5 / np.array([1, 1, 1, np.abs(data.log_params).max(), np.abs(data.log_tokens).max()])
    _, grad = objective(theta, data, delta)
    rows = [(grad, differentiate.jacobian(_over_batch(data, delta, None), theta, initial_step=steps))]
    hess = hessian(theta, data, delta)
    rows += [
        (hess[row], differentiate.jacobian(_over_batch(data, delta, row), theta, initial_step=steps))
        for row in range(5)
    ]
    for exact, numeric in rows:
        # agree within scipy's own error estimate, plus what that estimate leaves out: the rounding of its difference
        # quotients at the last step, about eps·|f|/h, some 1e-8 of the row's largest entry (it decides for the small
        # entries of a row, and for entries scipy flags as not converged); a wrong derivative is off by far more
        allowed = 4 * numeric.error + 1e-7 * np.abs(numeric.df) + 1e-8 * np.abs(numeric.df).max()
        assert np.all(np.abs(exact - numeric.df) <= allowed), (exact, numeric.df, numeric.error)


@given(theta=THETAS)
def test_derivatives_match_central_differences_with_the_papers_delta(data, theta):
    # δ = 1e-3 mixes quadratic and linear residuals; away from the kinks at ±δ central differences are accurate
    theta, step = np.array(theta), 1e-7
    terms = np.stack(
        [theta[0] - theta[3] * data.log_params, theta[1] - theta[4] * data.log_tokens, np.full(data.size, theta[2])]
    )
    residual = np.logaddexp.reduce(terms, axis=0) - data.log_loss
    reach = 10 * step * (1 + np.abs(data.log_params).max() + np.abs(data.log_tokens).max())
    assume(not np.any(np.abs(np.abs(residual) - 1e-3) < reach))
    _, grad = objective(theta, data)
    hess = hessian(theta, data)
    for i in range(5):
        shift = np.zeros(5)
        shift[i] = step
        (f_up, g_up), (f_down, g_down) = objective(theta + shift, data), objective(theta - shift, data)
        # besides truncation, a difference quotient carries rounding of about eps·|value|/step
        rounding = 100 * np.finfo(float).eps / step
        assert grad[i] == pytest.approx(
            (f_up - f_down) / (2 * step), rel=1e-4, abs=1e-6 * np.abs(grad).max() + rounding * abs(f_up)
        )
        np.testing.assert_allclose(
            hess[:, i],
            (g_up - g_down) / (2 * step),
            rtol=1e-4,
            atol=1e-5 * np.abs(hess).max() + rounding * np.abs(g_up).max(),
        )


def test_theta_round_trips_through_a_law():
    theta = theta_from_law(TRUE)
    law = law_from_theta(theta)
    assert (law.E, law.A, law.B, law.alpha, law.beta) == pytest.approx((TRUE.E, TRUE.A, TRUE.B, TRUE.alpha, TRUE.beta))
    with pytest.raises(ValueError, match="E > 0"):
        theta_from_law(TRUE.replace(E=0.0))


def test_batched_objective_equals_one_at_a_time(data):
    thetas = PAPER_GRID[::97] + 0.01
    values, grads = batched_objective(thetas, data, block=7)
    for theta, value, grad in zip(thetas, values, grads, strict=True):
        one_value, one_grad = objective(theta, data)
        assert value == pytest.approx(one_value, rel=1e-12)
        np.testing.assert_allclose(grad, one_grad, rtol=1e-10, atol=1e-15)


def test_mean_is_the_sum_divided_by_the_runs(data):
    theta = np.array([6.0, 7.0, 0.6, 0.35, 0.37])
    (f_sum, g_sum), (f_mean, g_mean) = objective(theta, data), objective(theta, data, reduction="mean")
    assert f_mean == pytest.approx(f_sum / data.size)
    np.testing.assert_allclose(g_mean, g_sum / data.size)


# --- Approach 3 -------------------------------------------------------------------------------------------------------


def test_recovers_a_known_law_from_noiseless_runs():
    runs = isoflop_runs(TRUE, noise=0.0)
    law = fit_parametric(runs.params, runs.tokens, runs.loss).law
    for name in ("E", "A", "B", "alpha", "beta"):
        assert getattr(law, name) == pytest.approx(getattr(TRUE, name), rel=1e-6), name


def test_recovers_the_allocation_from_noisy_runs(noisy_runs):
    law = fit_parametric(noisy_runs.params, noisy_runs.tokens, noisy_runs.loss).law
    assert law.a == pytest.approx(TRUE.a, abs=0.03)
    assert law.compute_optimal(1e22).params == pytest.approx(TRUE.compute_optimal(1e22).params, rel=0.3)


SUBGRID = PAPER_GRID[::15]  # 300 starts keep the per-start reference loop to seconds


@pytest.fixture(scope="module")
def per_start(data):
    """The reference: scipy's L-BFGS-B from every start of the subgrid, each run's final objective (sum)."""

    def value_and_grad(theta):
        values, grads = batched_objective(theta[None, :], data)
        return values[0], grads[0]

    return np.array([optimize.minimize(value_and_grad, s, jac=True, method="L-BFGS-B").fun for s in SUBGRID])


def test_fast_fit_is_no_worse_than_the_per_start_reference(noisy_runs, per_start):
    fast = fit_parametric(noisy_runs.params, noisy_runs.tokens, noisy_runs.loss, starts=SUBGRID)
    assert fast.n_refined == 32
    assert fast.objective <= per_start.min()


def test_mean_fit_is_no_worse_than_its_per_start_reference(noisy_runs):
    starts = PAPER_GRID[::45]
    args = (noisy_runs.params, noisy_runs.tokens, noisy_runs.loss)
    reference = fit_parametric(*args, starts=starts, keep=None, polish=False, reduction="mean")
    fast = fit_parametric(*args, starts=starts, reduction="mean")
    assert reference.n_refined == len(starts)
    assert fast.objective <= reference.objective


def test_screen_keeps_a_start_that_wins_in_the_reference(data, per_start):
    # The screen's job: among its 32 best, a start whose own L-BFGS-B run reaches the best objective of all 500.
    # Most starts end in worse basins (the test fails if the screen ranked at random).
    screened = screen_starts(SUBGRID, data.log_params, data.log_tokens, data.log_loss, 1e-3)
    kept = np.argsort(screened, kind="stable")[:32]
    winners = per_start <= per_start.min() * (1 + 1e-6)
    assert winners.mean() < 0.5
    assert np.any(winners[kept])


def test_fit_reports_why_scipy_stopped(noisy_runs):
    fit = fit_parametric(noisy_runs.params, noisy_runs.tokens, noisy_runs.loss, polish=False)
    assert fit.stop_message.startswith("CONVERGENCE")
    assert not fit.polished


def test_converged_mean_fit_is_the_sum_fit(noisy_runs):
    args = (noisy_runs.params, noisy_runs.tokens, noisy_runs.loss)
    by_sum, by_mean = fit_parametric(*args), fit_parametric(*args, reduction="mean")
    np.testing.assert_allclose(by_mean.theta, by_sum.theta, rtol=1e-6)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"reduction": "median"}, ValueError, "reduction"),
        ({"reduction": None}, TypeError, "reduction"),
        ({"keep": 0}, ValueError, "keep"),
        ({"keep": True}, TypeError, "keep"),
        ({"keep": 3.0}, TypeError, "keep"),
        ({"delta": 0.0}, ValueError, "delta"),
        ({"delta": "1e-3"}, TypeError, "delta"),
        ({"starts": np.zeros((4, 4))}, ValueError, "starts"),
        ({"starts": [[0, 0, 0, 0, np.nan]]}, ValueError, "starts"),
        ({"polish": "yes"}, TypeError, "polish"),
        ({"minimize_options": [("gtol", 1)]}, TypeError, "minimize_options"),
    ],
)
def test_bad_options(noisy_runs, kwargs, error, message):
    with pytest.raises(error, match=message):
        fit_parametric(noisy_runs.params, noisy_runs.tokens, noisy_runs.loss, **kwargs)


WANTED_STARTS = r"starts must be a non-empty \(S, 5\) array of finite real numbers .* or one start of shape \(5,\)"


@pytest.mark.parametrize(
    ("starts", "error", "message"),
    [
        (PAPER_GRID[:4].reshape(2, 2, 5), ValueError, WANTED_STARTS + r", got shape \(2, 2, 5\)"),
        (np.zeros((0, 5)), ValueError, WANTED_STARTS + r", got an empty array of shape \(0, 5\)"),
        ([], ValueError, WANTED_STARTS + r", got an empty array"),
        (np.zeros((3, 4)), ValueError, WANTED_STARTS + r", got shape \(3, 4\)"),
        (np.zeros(4), ValueError, WANTED_STARTS + r", got shape \(4,\)"),
        (1.0, ValueError, WANTED_STARTS + ", got a single number"),
        ([[0, 0, 0, 0, 0], [1, 2]], ValueError, WANTED_STARTS + ", got a ragged sequence"),
        ([[0, 0, 0, 0, np.nan]], ValueError, WANTED_STARTS + r", row 0 is \[0.0, 0.0, 0.0, 0.0, nan\]"),
        ([[0, 0, 0, 0, 0], [0, 0, 0, 0, np.inf]], ValueError, WANTED_STARTS + ", row 1 is"),
        ([[10**400, 0, 0, 0, 0]], ValueError, WANTED_STARTS + ", got shape .* beyond float64"),
        ([[800.0, 0, 0, 0.5, 0.5]], ValueError, r"starts: a, b, e must be in \(-709.78, 709.78\)"),
        ([[0, 0, -1e300, 0.5, 0.5]], ValueError, r"starts: a, b, e must be in"),
        (np.full((2, 5), "0"), TypeError, WANTED_STARTS + ", got ndarray of dtype <U1"),
        (np.ones((2, 5), dtype=bool), TypeError, WANTED_STARTS + ", got ndarray of dtype bool"),
        (np.ones((2, 5), dtype=complex), TypeError, WANTED_STARTS + ", got ndarray of dtype complex128"),
        ("PAPER_GRID", TypeError, WANTED_STARTS + ", got str"),
    ],
)
def test_starts_of_the_wrong_shape_or_kind_are_refused_naming_the_shape(noisy_runs, starts, error, message):
    with pytest.raises(error, match=message):
        fit_parametric(noisy_runs.params, noisy_runs.tokens, noisy_runs.loss, starts=starts)


def test_a_single_start_of_shape_5_is_one_start(noisy_runs):
    args = (noisy_runs.params, noisy_runs.tokens, noisy_runs.loss)
    one = fit_parametric(*args, starts=PAPER_GRID[1000], polish=False)
    assert (one.n_starts, one.n_refined) == (1, 1)
    assert one.theta == fit_parametric(*args, starts=PAPER_GRID[1000:1001], polish=False).theta


@pytest.mark.parametrize(
    ("runs", "message"),
    [
        (([1e9] * 6, np.logspace(9, 11, 6), np.linspace(3, 2, 6)), "two model sizes"),
        ((np.logspace(8, 10, 6), [1e10] * 6, np.linspace(3, 2, 6)), "two token counts"),
        ((np.logspace(8, 10, 6), np.logspace(9, 11, 6), [2.5] * 6), "same loss"),
        (([1e8, 1e9, 1e8, 1e9, 1e8, 1e9], [1e9, 1e9, 1e10, 1e10, 1e9, 1e9], np.linspace(3, 2, 6)), "5 distinct"),
        (
            (np.r_[np.logspace(8, 10, 6), 1e8], np.r_[np.logspace(9, 11, 6), 1e9], np.r_[np.linspace(3, 2, 6), 3]),
            "run 6 repeats",
        ),
    ],
)
def test_degenerate_runs_are_refused_before_any_work(runs, message):
    with pytest.raises(ValueError, match=message):
        fit_parametric(*runs)


def test_bootstrap_checks_its_options_first(noisy_runs):
    args = (noisy_runs.params, noisy_runs.tokens, noisy_runs.loss)
    for kwargs, error in [
        ({"n_resamples": 0}, ValueError),
        ({"n_resamples": True}, TypeError),
        ({"seed": -1}, ValueError),
        ({"seed": 1.5}, TypeError),
        ({"budget": -1}, ValueError),
        ({"start": "fit"}, TypeError),
    ]:
        with pytest.raises(error, match=next(iter(kwargs))):
            bootstrap(*args, progress=False, **kwargs)
    assert bootstrap(*args, n_resamples=np.int64(3), seed=np.int32(1), progress=False).samples.shape[0] <= 3


def test_bad_runs():
    with pytest.raises(ValueError, match="one length"):
        fit_parametric([1e9, 2e9, 3e9, 4e9, 5e9], [1e10] * 4, [3.0] * 5)
    with pytest.raises(ValueError, match="5 distinct"):
        fit_parametric([1e9, 2e9], [1e10, 1e10], [3.0, 2.9])
    with pytest.raises(ValueError, match="loss must be"):
        fit_parametric([1e9] * 5, [1e10] * 5, [3.0, 2.9, -1, 2.5, 2.4])


# --- bootstrap --------------------------------------------------------------------------------------------------------


def test_bootstrap_is_seeded_and_brackets_the_fit(noisy_runs):
    args = (noisy_runs.params, noisy_runs.tokens, noisy_runs.loss)
    first = bootstrap(*args, n_resamples=40, seed=7, progress=False)
    again = bootstrap(*args, n_resamples=40, seed=7, progress=False)
    np.testing.assert_array_equal(first.samples, again.samples)
    assert first.samples.shape == (40 - first.failures, 8)
    assert first.n_resamples == 40
    fit = fit_parametric(*args).law
    low, high = first.interval("alpha", 0.99)
    assert low < high
    assert low - 0.02 <= fit.alpha <= high + 0.02
    assert set(first.intervals()) == set(first.names)
    with pytest.raises(ValueError, match="name must be one of"):
        first.interval("gamma")
    with pytest.raises(ValueError, match="level"):
        first.interval("alpha", 1.5)


def test_a_bootstrap_with_no_successful_resample_says_so():
    names = ("E", "A", "B", "alpha", "beta", "a", "b", "tokens_per_param")
    empty = BootstrapResult(names, np.empty((0, len(names))), 7)
    assert (empty.n_resamples, empty.failures) == (7, 7)
    message = r"no resample succeeded \(0 of 7; 7 failed to refit\): there is no interval of alpha"
    with pytest.raises(ValueError, match=message):
        empty.interval("alpha")
    with pytest.raises(ValueError, match="no resample succeeded"):
        empty.intervals(0.9)
    with pytest.raises(ValueError, match="name must be one of"):  # the arguments are still checked first
        empty.interval("gamma")


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        ((("alpha",), np.zeros((2, 2)), 0), ValueError, r"samples must have shape \(rows, 1\)"),
        ((("alpha",), np.zeros(3), 0), ValueError, r"samples must have shape \(rows, 1\)"),
        ((("alpha",), [[0.3], [np.nan]], 0), ValueError, "samples must be finite"),
        ((("alpha",), [["0.3"]], 0), TypeError, "samples must be an array of real numbers"),
        ((("alpha",), [[0.3]], -1), ValueError, "failures must be a whole number >= 0"),
        ((("alpha",), [[0.3]], 1.0), TypeError, "failures must be a whole number"),
        ((["alpha"], [[0.3]], 0), TypeError, "names must be a non-empty tuple of str"),
    ],
)
def test_bootstrap_results_made_by_hand_are_checked(args, error, message):
    with pytest.raises(error, match=message):
        BootstrapResult(*args)


# --- Approaches 2 and 1 -----------------------------------------------------------------------------------------------


def test_isoflop_profiles_recover_the_exponents_on_centred_grids():
    fit = fit_isoflop_profiles(isoflop_runs(TRUE, noise=0.0))
    assert fit.a == pytest.approx(TRUE.a, abs=1e-6)
    assert fit.b == pytest.approx(TRUE.b, abs=1e-6)
    assert fit.a + fit.b == pytest.approx(1.0)
    # a parabola's vertex is not the profile's minimum: N_opt is biased, by the same factor at every budget
    bias = fit.params_at(1e20) / TRUE.compute_optimal(1e20).params
    assert 0.95 < bias < 1.0


def test_isoflop_profiles_drift_when_the_same_sizes_serve_every_budget():
    middle = TRUE.compute_optimal(1e20).params
    wide, narrow = size_grid(middle, 100, 9), size_grid(middle, 3, 9)
    a_wide = fit_isoflop_profiles(isoflop_runs(TRUE, noise=0.0, sizes=wide)).a
    a_narrow = fit_isoflop_profiles(isoflop_runs(TRUE, noise=0.0, sizes=narrow)).a
    assert abs(a_wide - TRUE.a) > 0.005
    assert abs(a_narrow - TRUE.a) > 0.02
    assert a_narrow != pytest.approx(a_wide, abs=0.01)


def test_training_envelope_recovers_the_exponent():
    fit = fit_training_envelope(training_curves(TRUE, model_sizes=np.logspace(7.5, 10.5, 40)))
    assert fit.a == pytest.approx(TRUE.a, abs=0.02)


CURVE_TOKENS, CURVE_LOSS = np.logspace(9, 11, 5), np.linspace(3.0, 2.2, 5)


@pytest.mark.parametrize(
    ("fields", "error", "message"),
    [
        ({"loss": np.r_[CURVE_LOSS[:3], np.nan, CURVE_LOSS[4]]}, ValueError, r"loss must be .*> 0.*element 3 is nan"),
        ({"loss": -CURVE_LOSS}, ValueError, r"loss must be a finite number > 0"),
        ({"loss": np.r_[CURVE_LOSS[:4], np.inf]}, ValueError, r"loss must be .*element 4 is inf"),
        ({"tokens": np.r_[0.0, CURVE_TOKENS[1:]]}, ValueError, r"tokens must be a finite number > 0"),
        ({"params": np.nan}, ValueError, r"params must be a finite number > 0 \[parameters\]"),
        ({"params": -1e9}, ValueError, r"params must be a finite number > 0"),
        ({"params": CURVE_TOKENS}, TypeError, r"params must be a single number"),
        ({"loss": CURVE_LOSS[:-1]}, ValueError, r"tokens and loss must have one element per point.*\(5,\) and \(4,\)"),
        ({"tokens": CURVE_TOKENS[::-1]}, ValueError, r"tokens must be strictly increasing, element 1"),
        ({"tokens": np.r_[CURVE_TOKENS[:2], CURVE_TOKENS[1:4]]}, ValueError, "tokens must be strictly increasing"),
        ({"tokens": [], "loss": []}, ValueError, "tokens must not be empty"),
        ({"tokens": CURVE_TOKENS[None], "loss": CURVE_LOSS[None]}, ValueError, r"tokens must be a 1-d sequence"),
        ({"params": "1e9"}, TypeError, "params must be a real number"),
        ({"tokens": "1e9,1e10"}, TypeError, "tokens must be a real number"),
        ({"loss": [3.0, "2.9", 2.8, 2.7, 2.6]}, TypeError, "loss must be a real number"),
        ({"params": True}, TypeError, "params must be a real number"),
    ],
)
def test_hand_made_training_curves_are_checked_naming_the_field(fields, error, message):
    given = {"params": 1e9, "tokens": CURVE_TOKENS, "loss": CURVE_LOSS} | fields
    with pytest.raises(error, match=message):
        TrainingCurve(**given)


def test_hand_made_training_curves_feed_the_envelope_and_stay_valid():
    curves = training_curves(TRUE, model_sizes=np.logspace(7.5, 10.5, 40))
    tokens, loss = list(curves[5].tokens), curves[5].loss.copy()  # a curve written down by hand: lists and arrays
    by_hand = TrainingCurve(np.float64(curves[5].params), tokens, loss)
    assert by_hand.tokens.dtype == by_hand.loss.dtype == np.float64
    assert type(by_hand.params) is float
    fit = fit_training_envelope([*curves[:5], by_hand, *curves[6:]])
    assert fit.a == fit_training_envelope(curves).a
    loss[0] = np.nan  # the caller's array is copied, not shared: the curve keeps its checked values
    assert loss.flags.writeable
    assert np.isfinite(by_hand.loss[0])
    with pytest.raises(ValueError, match="read-only"):
        by_hand.loss[0] = np.nan


def test_group_by_budget_clusters_figure_read_values():
    flops = np.array([9.1e18, 9.99e18, 9.6e18, 2.9e20, 3.1e20])
    labels = group_by_budget(flops)
    assert len(set(labels)) == 2
    assert labels[0] == labels[1] == labels[2]


def test_approaches_need_enough_data():
    with pytest.raises(ValueError, match="two budgets"):
        fit_isoflop_profiles(isoflop_runs(TRUE, budgets=(1e20,), noise=0.0))
    with pytest.raises(ValueError, match="two model sizes"):
        fit_training_envelope(training_curves(TRUE, model_sizes=[1e9]))


# --- CSV --------------------------------------------------------------------------------------------------------------


def test_load_runs_csv(tmp_path):
    path = tmp_path / "runs.csv"
    path.write_text("params,tokens,loss\n1e8,2e9,3.1\n4e8,8e9,2.7\n")
    runs = load_runs_csv(path)
    np.testing.assert_array_equal(runs.params, [1e8, 4e8])
    flops_path = tmp_path / "flops.csv"
    flops_path.write_text("N,C,L\n1e8,1.2e18,3.1\n")
    from_flops = load_runs_csv(flops_path, params_column="N", tokens_column=None, flops_column="C", loss_column="L")
    assert from_flops.tokens[0] == pytest.approx(2e9)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("params,tokens,loss\n1e8,2e9,3.1\n4e8,lots,2.7\n", "line 3, column 'tokens': 'lots' is not a number"),
        ("params,tokens,loss\n1e8,2e9,-3.1\n", "line 2, column 'loss': must be a finite number > 0"),
        ("params,tokens,loss\n1e8,2e9,\n", "line 2, column 'loss': '' is not a number"),
        ("params,tokens,loss\n1e8,2e9,nan\n", "line 2, column 'loss': must be a finite"),
        ("params,tokens\n1e8,2e9\n", r"column\(s\) \['loss'\] not found"),
        ("params,tokens,loss\n", "no runs"),
    ],
)
def test_malformed_csv_names_line_and_column(tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(ValueError, match=message):
        load_runs_csv(path)


# --- Hoffmann's Figure 4 data (Besiroglu et al. 2024) -----------------------------------------------------------------


@pytest.fixture(scope="module")
def figure4() -> Runs:
    return load_figure4(drop_highest=5)


def test_refit_of_figure_4_lands_on_the_summed_huber_optimum(figure4):
    assert len(figure4) == reference.value("besiroglu2024.figure4_runs")
    fit = fit_parametric(figure4.params, figure4.tokens, figure4.loss)
    assert reference.get("besiroglu2024.objective_summed_huber_optimum").agrees(fit.objective)
    law = fit.law
    epoch = PUBLISHED_LAWS["besiroglu2024"]
    assert law.E == pytest.approx(epoch.E, abs=5e-4)  # E matches Epoch's printed value (their grid fit of the sum)
    assert law.alpha == pytest.approx(epoch.alpha, abs=0.003)
    assert law.beta == pytest.approx(epoch.beta, abs=0.003)
    # the allocation agrees with the published refit: ≈ 18 tokens per parameter at Chinchilla's budget
    budget = reference.value("hoffmann2022.chinchilla_6nd")
    assert law.compute_optimal(budget).tokens_per_param == pytest.approx(
        epoch.compute_optimal(budget).tokens_per_param, rel=0.05
    )


@pytest.mark.parametrize(
    ("law", "key"),
    [
        ("hoffmann2022", "besiroglu2024.objective_hoffmann_rounded"),
        ("hoffmann2022_tex", "besiroglu2024.objective_hoffmann_tex"),
        ("besiroglu2024", "besiroglu2024.objective_epoch"),
    ],
)
def test_objective_of_published_constants_on_figure_4(figure4, law, key):
    data = RunData.from_runs(figure4.params, figure4.tokens, figure4.loss)
    assert reference.get(key).agrees(objective(theta_from_law(PUBLISHED_LAWS[law]), data)[0])


def test_averaging_the_losses_stops_the_paper_fit_early(figure4):
    args = (figure4.params, figure4.tokens, figure4.loss)
    summed = fit_parametric(*args, keep=None, starts=PAPER_GRID[::60], polish=False)
    averaged = fit_parametric(*args, keep=None, starts=PAPER_GRID[::60], polish=False, reduction="mean")
    # the averaged fit stops on the relative-reduction test (scipy's factr·eps, absolute below |f| = 1) far from
    # the optimum of the sum
    assert averaged.stop_message.startswith("CONVERGENCE")  # which test fires depends on rounding: see chapter 05
    assert averaged.objective * len(figure4) > summed.objective * 1.05
    assert averaged.law.alpha - averaged.law.beta > 0.03 > summed.law.alpha - summed.law.beta


def test_approach2_bias_reproduces_czech_et_al_and_vanishes_for_a_symmetric_law():
    from chinchilla_lib.approaches import approach2_bias  # noqa: PLC0415

    law = PUBLISHED_LAWS["hoffmann2022"]
    target = reference.value("czech2026.extrapolation_budget")
    per_budget = int(reference.value("czech2026.sizes_per_budget"))
    published = reference.series("czech2026.chinchilla_tokens_underestimate_1e24")  # D_opt at x2, x8, x16 [%]
    for span, value in zip((2, 8, 16), published, strict=True):
        params, tokens, exponent = approach2_bias(law, target, per_budget=per_budget, span=span)
        assert value.agrees(-100 * tokens)
        assert params > 0  # alpha > beta: N_opt overestimated
        assert abs(exponent) < 1e-9  # centred alike at every budget: the exponent is right
    symmetric = law.replace(beta=law.alpha)
    assert abs(approach2_bias(symmetric, target, per_budget=per_budget, span=16)[0]) < 1e-9
    off_centre = approach2_bias(symmetric, target, per_budget=per_budget, span=2, centre=1 / 3)[0]
    assert off_centre < -0.01  # a sweep centred below the optimum puts the vertex below it too
