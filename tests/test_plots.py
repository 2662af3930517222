"""Every plotting function, drawn with Agg: legends match the lines, laws stay distinguishable, nothing overlaps."""

from __future__ import annotations

import dataclasses
import itertools
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.lines import Line2D
from matplotlib.text import Annotation

from chinchilla_lib import PUBLISHED_LAWS, plots
from chinchilla_lib.models import FEATURED_MODELS, KNOWN_MODELS
from chinchilla_lib.runs import Runs
from chinchilla_lib.synthetic import isoflop_runs

LAW = PUBLISHED_LAWS["hoffmann2022"]
SARDANA = PUBLISHED_LAWS["sardana2024"]
RUNS = isoflop_runs(LAW, noise=0.01, seed=0)

FIGURES = {
    "frontier": lambda: plots.plot_frontier(budget=5.76e23, show_kaplan=True),
    "frontier_mapping_no_models": lambda: plots.plot_frontier({"a": LAW}, models=[]),
    "frontier_all_known": lambda: plots.plot_frontier([LAW], models=list(KNOWN_MODELS.values())),
    "tokens": plots.plot_tokens_for_params,
    "tokens_no_rule": lambda: plots.plot_tokens_for_params([LAW], tokens_per_param_rule=None, models=[]),
    "surface": lambda: plots.plot_loss_surface(LAW),
    "surface_budget_outside": lambda: plots.plot_loss_surface(LAW, budgets=(1e10, 1e21)),
    "iso_flop": lambda: plots.plot_iso_flop(PUBLISHED_LAWS, 5.76e23, my_params=280e9),
    "iso_flop_one_law": lambda: plots.plot_iso_flop(LAW, 1e21),
    "runs_with_law": lambda: plots.plot_isoflop_runs(RUNS, law=LAW),
    "runs_without_budget": lambda: plots.plot_isoflop_runs(dataclasses.replace(RUNS, budget=None)),
    "inference": lambda: plots.plot_inference_tradeoff(SARDANA, float(SARDANA.allocation_for_params(70e9).loss)),
}
MODEL_NAMES = {model.name for model in KNOWN_MODELS.values()}


@pytest.fixture(scope="module")
def figures():
    """Each figure drawn once for all the checks on it."""
    cache = {}
    yield cache
    for ax in cache.values():
        plt.close(ax.figure)


@pytest.fixture(params=sorted(FIGURES))
def drawn(request, figures):
    if request.param not in figures:
        figures[request.param] = FIGURES[request.param]()
        figures[request.param].figure.canvas.draw()
    return request.param, figures[request.param]


def _public_lines(ax):
    axes = [ax, *(other for other in ax.figure.axes if other is not ax and other.bbox.bounds == ax.bbox.bounds)]
    return [line for a in axes for line in a.get_lines() if not line.get_label().startswith("_")]


def _legend_texts(ax):
    legend = ax.get_legend()
    return [] if legend is None else [text.get_text() for text in legend.get_texts()]


def test_every_labelled_line_is_in_the_legend_or_labelled_directly(drawn):
    _, ax = drawn
    texts = _legend_texts(ax) + [child.get_text() for child in ax.texts]
    for line in _public_lines(ax):
        assert line.get_label() in texts, line.get_label()
    legend = ax.get_legend()
    if legend is not None:  # and nothing in the legend that is not drawn
        drawn_labels = {line.get_label() for line in _public_lines(ax)}
        drawn_labels |= {c.get_label() for c in ax.collections if isinstance(c, PathCollection)}
        assert set(_legend_texts(ax)) <= drawn_labels


def test_no_two_lines_share_colour_and_line_style(drawn):
    _, ax = drawn
    styles = [(matplotlib.colors.to_hex(line.get_color()), str(line.get_linestyle())) for line in _public_lines(ax)]
    assert len(styles) == len(set(styles)), styles


def test_the_legend_covers_no_data(drawn):
    _, ax = drawn
    legend = ax.get_legend()
    if legend is None:
        return
    box = legend.get_window_extent()
    inside = plots._overlap(box, ax.get_window_extent())
    if inside <= 0.02 * box.width * box.height:
        return  # outside the axes
    for line in ax.get_lines():  # pragma: no cover - only reached if a legend moves inside
        points = ax.transData.transform(np.column_stack(line.get_data()))
        assert not box.contains_points(points).any(), line.get_label()


def test_known_model_labels_do_not_overlap(drawn):
    _, ax = drawn
    boxes = [
        child.get_window_extent()
        for child in ax.texts
        if isinstance(child, Annotation) and child.get_text() in MODEL_NAMES
    ]
    for first, second in itertools.combinations(boxes, 2):
        assert plots._overlap(first, second) < 1.0


def test_budgets_carry_units(drawn):
    name, ax = drawn
    if name.startswith("surface"):
        labels = [t.get_text() for t in ax.texts if t.get_text().endswith("FLOP")]
        assert labels
        assert all(label[0].isdigit() and "+" not in label for label in labels)
    if name.startswith(("runs", "iso_flop")):
        assert "FLOP" in ax.get_title() or all(text.endswith("FLOP") for text in _legend_texts(ax))


def test_known_models_are_all_labelled():
    ax = plots.plot_frontier([LAW])
    labels = {t.get_text() for t in ax.texts if isinstance(t, Annotation)}
    assert labels == {model.name for model in FEATURED_MODELS}
    plt.close(ax.figure)


def test_loss_surface_colour_scale_spans_the_data():
    ax = plots.plot_loss_surface(LAW, params_range=(1e8, 1e10), tokens_range=(1e10, 1e12))
    contour = next(c for c in ax.collections if hasattr(c, "levels"))
    n, d = np.logspace(8, 10, 160), np.logspace(10, 12, 160)
    reducible = LAW.loss(n[np.newaxis, :], d[:, np.newaxis]) - LAW.E
    assert contour.levels[0] == pytest.approx(reducible.min())
    assert contour.levels[-1] == pytest.approx(reducible.max())
    plt.close(ax.figure)


def test_law_style_cycle_keeps_laws_apart():
    styles = [plots.law_style(index) for index in range(18)]
    pairs = {(style["color"], str(style["linestyle"])) for style in styles}
    assert len(pairs) == 18
    assert len({(s["color"], str(s["linestyle"]), s["marker"]) for s in map(plots.law_style, range(63))}) == 63


def test_law_label_prefers_a_readable_label():
    assert plots.law_label(SimpleNamespace(label="Hoffmann 2022 (rounded)", name="hoffmann2022")) == (
        "Hoffmann 2022 (rounded)"
    )
    assert plots.law_label(SimpleNamespace(label=None, name="hoffmann2022")) == "hoffmann2022"
    assert plots.law_label(SimpleNamespace(name="custom")) == "custom"
    assert plots.flop_label(1e21) == "1e21 FLOP"
    assert plots.flop_label(5.76e23) == "5.76e23 FLOP"
    assert plots.flop_label(500.0) == "500 FLOP"


def test_plots_draw_on_a_given_axes():
    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
    assert plots.plot_frontier([LAW], ax=left) is left
    assert plots.plot_iso_flop([LAW], 1e21, ax=right) is right
    assert isinstance(left.get_lines()[0], Line2D)
    plt.close(figure)


def test_runs_without_budgets_are_grouped_by_flops():
    runs = Runs(params=np.array([1e8, 2e8, 1e9]), tokens=np.array([1e9, 5e8, 1e9]), loss=np.array([3.0, 3.1, 2.9]))
    ax = plots.plot_isoflop_runs(runs)
    assert _legend_texts(ax) == ["6e17 FLOP", "6e18 FLOP"]
    plt.close(ax.figure)


def test_fit_endpoints_put_the_mean_on_the_sums_scale_and_show_the_stopping_test():
    from chinchilla_lib.fitting import fit_parametric  # noqa: PLC0415 - SciPy, for this test only

    best = fit_parametric(RUNS.params, RUNS.tokens, RUNS.loss)
    early = dataclasses.replace(
        best,
        objective=2 * best.objective / len(RUNS),
        reduction="mean",
        stop_message="CONVERGENCE: RELATIVE REDUCTION OF F <= FACTR*EPSMCH",
    )
    gradient = dataclasses.replace(best, stop_message="CONVERGENCE: NORM OF PROJECTED GRADIENT <= PGTOL")
    ax = plots.plot_fit_endpoints({"fits": [gradient, early]}, best.objective, len(RUNS), marks={"paper": 0.46})
    filled, opened, crossed = ax.collections[:3]
    assert filled.get_offsets()[:, 0].tolist() == pytest.approx([1.0, 2.0])  # a mean of twice the optimum: x = 2
    assert opened.get_offsets()[:, 0].tolist() == pytest.approx([2.0])  # only the ftol run drawn open
    assert len(crossed.get_offsets()) == 0
    assert ax.get_xscale() == "log"
    assert [line.get_ydata()[0] for line in ax.lines] == [0.46]
    with pytest.raises(ValueError, match="ends below optimum"):
        plots.plot_fit_endpoints({"fits": [best]}, 2 * best.objective, len(RUNS))
    with pytest.raises(ValueError, match="x must be"):
        plots.plot_fit_endpoints({"fits": [best]}, best.objective, len(RUNS), x="loss")
    plt.close("all")
