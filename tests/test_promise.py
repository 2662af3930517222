"""The promise, for every public callable: odd input gives a finite answer or a clear error.

Each public function, constructor and method of the library is listed here with arguments that work. Hypothesis
then replaces one argument at a time with an odd value (wrong kinds, NaN, ±inf, zero, negative, huge and tiny
numbers, 10**400, bytes, ragged or empty arrays, bools, NumPy scalars of every kind) and checks the promise of
COURSE.md: the call returns only finite numbers, or raises ``TypeError``/``ValueError`` whose message names one of
its arguments. Any other exception (ZeroDivisionError, OverflowError, AttributeError, a NumPy RuntimeWarning, which
pytest turns into an error) fails the test.

``test_every_public_callable_has_a_spec`` keeps the list complete: a new public function without a spec fails it.
The course's modules (figures, graders and their tools, the explorer's view and widgets) are covered where the
course extra is installed (``make test``); ``make test-lib`` runs the library alone.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import json
import math
import tempfile
import types
import warnings
from collections import Counter
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from helpers import graders
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import chinchilla_lib as cl
from chinchilla_lib import (
    _validation,
    allocation,
    approaches,
    beyond,
    cli,
    compute,
    fitting,
    formatting,
    frontier,
    models,
    provenance,
    reference,
    runs,
    synthetic,
    tables,
    your_runs,
)
from chinchilla_lib.explorer import model as explorer
from chinchilla_lib.synthetic import isoflop_runs

try:  # the course's modules need its extra (matplotlib, SymPy, ipywidgets)
    import ipywidgets  # noqa: F401 - only to know whether the course extra is installed
    import matplotlib
    import sympy as sp
except ModuleNotFoundError:  # `make test-lib`: the library alone, on the other Pythons; `make test` runs them all
    COURSE = False
else:
    COURSE = True
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from chinchilla_lib import exercises, exercises_laws, plots, symbolic
    from chinchilla_lib.explorer import render, widgets

LAW = cl.PUBLISHED_LAWS["hoffmann2022"]
EXPLORER_RESULT = explorer.explore(explorer.ExplorerInputs())
RUNS = isoflop_runs(cl.PUBLISHED_LAWS["besiroglu2024"], budgets=(1e18, 1e19, 1e20), per_budget=5, noise=0.01, seed=1)
DATA = fitting.RunData.from_runs(RUNS.params, RUNS.tokens, RUNS.loss)
FEW_STARTS = fitting.PAPER_GRID[::900]
A100 = cl.Hardware.of("A100", mfu=0.4, price_per_hour=2.0)
PLAN = LAW.compute_optimal(1e22)
CURVES = synthetic.training_curves(LAW, model_sizes=[1e8, 1e9, 1e10], points=12)
DEEPSEEK = cl.LAWS["deepseek2024"]
RUNS_CSV = Path(tempfile.mkdtemp()) / "runs.csv"
np.savetxt(
    RUNS_CSV,
    np.column_stack([RUNS.params, RUNS.tokens, RUNS.loss]),
    delimiter=",",
    header="params,tokens,loss",
    comments="",
)


EXPLORER_LABELS = {
    **{field: (label,) for field, label in explorer.LABELS.items()},
    "custom": ("custom", "E", "A", "B", "alpha", "beta"),
}
"""The label of each explorer field's control as the app shows it (explorer.LABELS), which its messages name."""


def _explore_fields(**fields: Any) -> explorer.ExplorerResult:
    """The explorer given these fields of its inputs (what the controls or a shared link set)."""
    return explorer.explore(explorer.ExplorerInputs(**fields))


def _recommend(law: Any, **arguments: Any) -> Any:
    """``law.recommend``, its documented ExtrapolationWarning (outside the fitted range) filtered out."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cl.ExtrapolationWarning)
        return law.recommend(**arguments)


def _drawn(plot: Callable[..., Any]) -> Callable[..., Any]:
    """``plot`` on a new figure (``ax=None``) that is closed after the call, whether it drew or raised."""

    @functools.wraps(plot)
    def call(**arguments: Any) -> Any:
        before = set(plt.get_fignums())
        try:
            return plot(**arguments)
        finally:
            for number in set(plt.get_fignums()) - before:
                plt.close(number)

    return call


def _explorer_figure(**arguments: Any) -> bytes:
    """An ExplorerFigure of this size and resolution, drawn: both panels as the app shows them."""
    figure = render.ExplorerFigure(**arguments)
    figure.update(EXPLORER_RESULT)
    return figure.valley_svg() + figure.frontier_png()


@functools.cache
def _app() -> widgets.BudgetExplorer:
    return widgets.BudgetExplorer()


def _apply_query(query: Any) -> None:
    """``BudgetExplorer.apply_query`` on one app, made once."""
    _app().apply_query(query)


@dataclasses.dataclass(frozen=True)
class Spec:
    """A public callable with keyword arguments that work; ``slow`` ones get fewer examples.

    ``labels`` gives, per argument, the words a message may name it by instead (the explorer names its fields by
    the labels of their controls, as its user sees them). ``non_finite_passes`` marks a callable documented to hand
    back a NaN or ±inf it was given (``round_sig``): a non-finite result is then allowed for a non-finite argument.
    """

    name: str
    call: Callable[..., Any]
    good: dict[str, Any]
    slow: bool = False
    labels: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    non_finite_passes: bool = False


SPECS = [
    # the law and its questions
    Spec(
        "ScalingLaw",
        cl.ScalingLaw,
        {"E": 1.69, "A": 406.4, "B": 410.7, "alpha": 0.34, "beta": 0.28, "name": "custom", "provenance": None},
    ),
    Spec("ScalingLaw.loss", LAW.loss, {"params": 7e10, "tokens": 1.4e12}),
    Spec("ScalingLaw.loss_terms", LAW.loss_terms, {"params": 7e10, "tokens": 1.4e12}),
    Spec("ScalingLaw.loss_at_budget", LAW.loss_at_budget, {"params": 7e10, "flops": 1e23, "flops_per_param_token": 6}),
    Spec("ScalingLaw.compute_optimal", LAW.compute_optimal, {"flops": 1e23, "flops_per_param_token": 6}),
    Spec("ScalingLaw.optimal_tokens", LAW.optimal_tokens, {"params": 7e10}),
    Spec("ScalingLaw.optimal_params", LAW.optimal_params, {"tokens": 1.4e12}),
    Spec("ScalingLaw.allocation_for_params", LAW.allocation_for_params, {"params": 7e10, "flops_per_param_token": 6}),
    Spec("ScalingLaw.compute_for_loss", LAW.compute_for_loss, {"target_loss": 2.0, "flops_per_param_token": 6}),
    Spec("ScalingLaw.replace", LAW.replace, {"alpha": 0.3392}),
    # FLOPs and hardware
    Spec("training_flops", cl.training_flops, {"params": 7e10, "tokens": 1.4e12, "flops_per_param_token": 6}),
    Spec("inference_flops", cl.inference_flops, {"params": 7e10, "tokens": 1e12}),
    Spec("gpu_hours_to_flops", cl.gpu_hours_to_flops, {"hours": 1e6, "mfu": 0.4, "gpu": "A100"}),
    Spec("flops_to_gpu_hours", cl.flops_to_gpu_hours, {"flops": 1e23, "mfu": 0.4, "peak_flops": 312e12}),
    Spec("cluster_flops", cl.cluster_flops, {"n_gpus": 256, "days": 30, "mfu": 0.4, "gpu": "H100-SXM"}),
    Spec("training_days", cl.training_days, {"flops": 1e23, "n_gpus": 256, "mfu": 0.4, "gpu": "H100-SXM"}),
    Spec("get_accelerator", cl.get_accelerator, {"gpu": "A100"}),
    Spec("Hardware", cl.Hardware, {"peak_flops": 312e12, "mfu": 0.4, "name": "A100", "price_per_hour": 2.0}),
    Spec("Hardware.of", cl.Hardware.of, {"gpu": "A100", "mfu": 0.4, "price_per_hour": 2.0}),
    Spec("Hardware.flops", A100.flops, {"gpu_hours": 1e6}),
    Spec("Hardware.gpu_hours", A100.gpu_hours, {"flops": 1e23}),
    # value classes that check their fields when made
    Spec(
        "KnownModel",
        cl.KnownModel,
        {"name": "Chinchilla", "params": 70e9, "tokens": 1.4e12, "source": "Hoffmann et al. 2022", "note": ""},
    ),
    Spec(
        "Accelerator",
        compute.Accelerator,
        {"name": "A100", "peak_flops": 312e12, "precision": "BF16", "source": "NVIDIA A100 datasheet"},
    ),
    Spec("TrainingCurve", synthetic.TrainingCurve, {"params": 1e9, "tokens": [1e9, 1e10], "loss": [3.0, 2.5]}),
    Spec(
        "BootstrapResult",
        fitting.BootstrapResult,
        {"names": ("E", "A"), "samples": [[1.8, 400.0], [1.9, 450.0]], "failures": 0},
    ),
    Spec("KnownModel.training_flops", cl.KNOWN_MODELS["Chinchilla"].training_flops, {"flops_per_param_token": 6}),
    # beyond Chinchilla
    Spec("inference_optimal", beyond.inference_optimal, {"law": LAW, "target_loss": 2.0, "inference_tokens": 1e13}),
    Spec(
        "inference_optimal_cost",
        beyond.inference_optimal_cost,
        {"law": LAW, "target_loss": 2.0, "inference_tokens": 1e13, "training": A100, "inference": A100},
    ),
    Spec("dollars_per_flop", beyond.dollars_per_flop, {"price_per_hour": 2.0, "mfu": 0.4, "gpu": "A100"}),
    Spec("effective_tokens", beyond.effective_tokens, {"tokens": 4e9, "unique_tokens": 1e9, "r_star": 15.4}),
    Spec("effective_params", beyond.effective_params, {"params": 1e10, "unique_tokens": 1e9, "law": None}),
    Spec("data_constrained_loss", beyond.data_constrained_loss, {"params": 6e9, "tokens": 2e11, "unique_tokens": 2e10}),
    Spec("data_constrained_optimal", beyond.data_constrained_optimal, {"flops": 1e22, "unique_tokens": 1e10}),
    Spec("KaplanLaw", beyond.KaplanLaw, {"alpha_n": 0.076, "n_c": 8.8e13, "compute_min_fraction": 0.5}),
    Spec("KaplanLaw.loss_params", beyond.KAPLAN_2020.loss_params, {"params": 1e9}),
    Spec("KaplanLaw.loss_tokens", beyond.KAPLAN_2020.loss_tokens, {"tokens": 1e10}),
    Spec("KaplanLaw.loss", beyond.KAPLAN_2020.loss, {"params": 1e9, "tokens": 1e10}),
    Spec("KaplanLaw.optimal_params", beyond.KAPLAN_2020.optimal_params, {"flops": 1e21}),
    # fitting
    Spec(
        "RunData.from_runs",
        fitting.RunData.from_runs,
        {"params": RUNS.params, "tokens": RUNS.tokens, "loss": RUNS.loss},
    ),
    Spec(
        "RunData",
        fitting.RunData,
        {"log_params": DATA.log_params, "log_tokens": DATA.log_tokens, "log_loss": DATA.log_loss},
    ),
    Spec("objective", fitting.objective, {"theta": [6.0, 7.0, 0.6, 0.35, 0.37], "data": DATA, "delta": 1e-3}),
    Spec("hessian", fitting.hessian, {"theta": [6.0, 7.0, 0.6, 0.35, 0.37], "data": DATA, "delta": 1e-3}),
    Spec("law_from_theta", fitting.law_from_theta, {"theta": [6.0, 7.0, 0.6, 0.35, 0.37]}),
    Spec("theta_from_law", fitting.theta_from_law, {"law": LAW}),
    Spec(
        "fit_parametric",
        cl.fit_parametric,
        {"params": RUNS.params, "tokens": RUNS.tokens, "loss": RUNS.loss, "starts": FEW_STARTS, "keep": 1},
        slow=True,
    ),
    Spec(
        "bootstrap",
        cl.bootstrap,
        {
            "params": RUNS.params,
            "tokens": RUNS.tokens,
            "loss": RUNS.loss,
            "n_resamples": 3,
            "seed": 0,
            "budget": 1e22,
            "progress": False,
        },
        slow=True,
    ),
    Spec(
        "BootstrapResult.interval",
        fitting.BootstrapResult(("alpha",), np.array([[0.3], [0.4]]), 0).interval,
        {"name": "alpha", "level": 0.9},
    ),
    Spec("fit_isoflop_profiles", approaches.fit_isoflop_profiles, {"runs": RUNS, "flops_per_param_token": 6}),
    Spec(
        "approach2_bias",
        approaches.approach2_bias,
        {
            "law": LAW,
            "budget": 1e24,
            "budgets": (1e18, 1e19, 1e20),
            "per_budget": 5,
            "span": 4.0,
            "centre": 1.0,
            "flops_per_param_token": 6,
        },
        slow=True,
    ),
    Spec("read_runs", your_runs.read_runs, {"path": RUNS_CSV, "flops_per_param_token": 6}),
    Spec(
        "fit_runs",
        your_runs.fit_runs,
        {"runs": RUNS, "flops": 1e22, "n_resamples": 10, "seed": 0, "level": 0.9, "flops_per_param_token": 6},
        slow=True,
    ),
    Spec("fit_training_envelope", approaches.fit_training_envelope, {"curves": CURVES}),
    Spec("group_by_budget", approaches.group_by_budget, {"flops": RUNS.flops(), "gap_decades": 0.1}),
    Spec("isoflop_runs", synthetic.isoflop_runs, {"law": LAW, "budgets": (1e19, 1e20), "per_budget": 5, "seed": 0}),
    Spec("training_curves", synthetic.training_curves, {"law": LAW, "model_sizes": [1e8, 1e9], "points": 5}),
    Spec("size_grid", synthetic.size_grid, {"centre": 1e9, "span": 10.0, "points": 5}),
    # tables and formatting
    Spec("compare_laws", tables.compare_laws, {"flops": 1e23, "laws": [LAW], "hardware": A100}),
    Spec("allocation_row", tables.allocation_row, {"law": LAW, "plan": PLAN, "hardware": A100}),
    Spec("recommendation_rows", tables.recommendation_rows, {"flops": 1e23, "laws": None, "hardware": A100}),
    Spec("law_listing", tables.law_listing, {"laws": None}),
    Spec("paper_table_rows", tables.paper_table_rows, {"key": "hoffmann2022.table3", "law": LAW}),
    Spec("human_count", formatting.human_count, {"value": 3.2e10, "digits": 3}),
    Spec("scientific", formatting.scientific, {"value": 5.76e23, "digits": 3}),
    Spec("duration", formatting.duration, {"hours": 100.0}),
    # training runs and published numbers
    Spec("Runs.flops", RUNS.flops, {"flops_per_param_token": 6}),
    Spec("Runs.subset", RUNS.subset, {"mask": RUNS.loss < np.median(RUNS.loss)}),
    Spec("Runs.without_highest_losses", RUNS.without_highest_losses, {"count": 2}),
    Spec("load_runs_csv", runs.load_runs_csv, {"path": RUNS_CSV, "params_column": "params", "max_rows": 100}),
    Spec("load_figure4", runs.load_figure4, {"drop_highest": 5}),
    Spec("get", reference.get, {"key": "hoffmann2022.gopher_budget"}),
    Spec("value", reference.value, {"key": "hoffmann2022.gopher_budget"}),
    Spec("series", reference.series, {"key": "hoffmann2022.table2_approach3_a_interval"}),
    Spec("table", reference.table, {"key": "hoffmann2022.table3"}),
    Spec("ReferenceValue.agrees", reference.get("hoffmann2022.gopher_budget").agrees, {"computed": 5.76e23}),
    Spec("ReferenceTable.column", reference.table("hoffmann2022.table3").column, {"name": "tokens"}),
    Spec("ReferenceTable.values", reference.table("hoffmann2022.table3").values, {"name": "tokens"}),
    # the explorer's model: each field of its inputs in turn, in the mode that uses it
    Spec("parse_number", explorer.parse_number, {"text": "5.76e23", "name": "budget"}, labels={"text": ("budget",)}),
    Spec("check_inputs", explorer.check_inputs, {"inputs": explorer.ExplorerInputs()}),
    Spec("resolve_law", explorer.resolve_law, {"inputs": explorer.ExplorerInputs()}),
    Spec("explore", explorer.explore, {"inputs": explorer.ExplorerInputs()}),
    Spec(
        "explore[budget]",
        _explore_fields,
        {
            "mode": "budget",
            "flops": 1e22,
            "gpu": "A100",
            "n_gpus": 64,
            "mfu": 0.4,
            "flops_per_param_token": 6,
            "my_params": 1e9,
            "compare_all": True,
        },
        labels=EXPLORER_LABELS,
    ),
    Spec(
        "explore[hardware]",
        _explore_fields,
        {"budget_as": "hardware", "n_gpus": 64, "days": 10, "mfu": 0.4},
        labels=EXPLORER_LABELS,
    ),
    Spec(
        "explore[loss]",
        _explore_fields,
        {"mode": "loss", "target_loss": 2.1, "law": "besiroglu2024"},
        labels=EXPLORER_LABELS,
    ),
    Spec(
        "explore[inference]",
        _explore_fields,
        {"mode": "inference", "inference_tokens": 1e13, "quality_from": "loss", "target_loss": 2.0},
        labels=EXPLORER_LABELS,
    ),
    Spec(
        "explore[data]", _explore_fields, {"mode": "data", "flops": 1e22, "unique_tokens": 1e10}, labels=EXPLORER_LABELS
    ),
    Spec(
        "explore[custom]",
        _explore_fields,
        {"law": "custom", "custom": (1.69, 406.4, 410.7, 0.34, 0.28), "flops": 1e22},
        labels=EXPLORER_LABELS,
    ),
    Spec("inputs_to_query", explorer.inputs_to_query, {"inputs": explorer.ExplorerInputs(flops=1e24)}),
    Spec("query_fields", explorer.query_fields, {"query": "C=1e24&law=besiroglu2024"}),
    Spec("inputs_from_query", explorer.inputs_from_query, {"query": "C=1e24&law=besiroglu2024&N=7e10"}),
    # frontier-only laws and where laws come from
    Spec(
        "FrontierLaw",
        frontier.FrontierLaw,
        {
            "form": "params",
            "coefficient": 0.1715,
            "exponent": 0.5243,
            "flops_unit": 1.0,
            "flops_fraction": 1.0,
            "quantity_per_param": 6.0,
            "name": "deepseek",
            "citation": "DeepSeek-AI 2024",
            "note": "",
            "provenance": None,
        },
    ),
    Spec("FrontierLaw.params_coefficient", DEEPSEEK.params_coefficient, {"flops_per_param_token": 6.0}),
    Spec("FrontierLaw.compute_optimal", DEEPSEEK.compute_optimal, {"flops": 1e24, "flops_per_param_token": 6.0}),
    Spec(
        "FrontierLaw.allocation_for_params",
        DEEPSEEK.allocation_for_params,
        {"params": 7e10, "flops_per_param_token": 6.0},
    ),
    Spec("FrontierLaw.optimal_tokens", DEEPSEEK.optimal_tokens, {"params": 7e10, "flops_per_param_token": 6.0}),
    Spec("FrontierLaw.replace", DEEPSEEK.replace, {"exponent": 0.5, "note": "rounded"}),
    Spec("Cited.extrapolation", LAW.extrapolation, {"flops": 1e24}),
    Spec("Cited.recommend", functools.partial(_recommend, LAW), {"flops": 1e24, "flops_per_param_token": 6.0}),
    Spec(
        "Cited.recommend[frontier]",
        functools.partial(_recommend, DEEPSEEK),
        {"flops": 1e20, "flops_per_param_token": 6.0},
    ),
    Spec("extrapolation_decades", provenance.extrapolation_decades, {"flops": 1e24, "fitted_flops": (1e17, 3e20)}),
    Spec("describe", provenance.describe, {"law": DEEPSEEK}),
    Spec("documented", provenance.documented, {"law": LAW.replace(alpha=0.3392)}),
    Spec(
        "Provenance",
        provenance.Provenance,
        {
            "label": "demo",
            "printed": "N = 0.1·C^0.5",
            "fitted_flops": (1e17, 3e20),
            "fitted_params": (4e7, 1.6e10),
            "computed": False,
            "caveat": "",
        },
    ),
]

# Public callables whose checks are tested elsewhere, or that hold results without checks of their own.
NOT_HERE = {
    "build_parser",  # argparse
    "build_fit_parser",
    "main",  # tested below with odd command lines
    "run",
    "format_table",  # renders rows made by the functions above
    "shared_values",
    "inference_row",  # rows of plans already computed and checked
    "data_constrained_row",
    "BootstrapResult.intervals",  # interval() for every name
    "Hardware.describe",  # takes no arguments
    "PowerLawFit.params_at",  # evaluates a fitted power law on a checked budget
    "PowerLawFit.tokens_at",
    "all_values",  # take no arguments
    "listing",
    "ExplorerInputs",  # plain values of the controls, checked by check_inputs() and explore() (specs above)
    "Provenance.range_text",  # takes no arguments
    "Cited.compute_optimal",  # abstract: each law class defines it (specs above)
    "FrontierLaw.loss",  # always raises TypeError: a frontier-only law predicts no loss
}
RESULT_TYPES = {
    "Allocation",
    "InferenceOptimal",
    "DataConstrained",
    "FitResult",
    "PowerLawFit",
    "UsageError",
    "Runs",
    "ReferenceValue",  # read from the package's data file, not built by users
    "ReferenceTable",
    "MyModel",  # parts of ExplorerResult, made by explore()
    "Row",
    "Curve",
    "Point",
    "ExplorerResult",
    "FrontierAllocation",
    "Recommendation",  # made by recommend()
    "Feedback",  # made by the graders
    "RunsFit",  # made by fit_runs()
    "BudgetPlan",
}
MODULES = {
    "cl": cl,
    "compute": compute,
    "laws": cl.laws,
    "fitting": fitting,
    "approaches": approaches,
    "synthetic": synthetic,
    "tables": tables,
    "formatting": formatting,
    "cli": cli,
    **{f"beyond.{m}": getattr(beyond, m) for m in ("inference", "repeated_data", "kaplan")},
    "explorer.model": explorer,
    "runs": runs,
    "reference": reference,
    "models": models,
    "frontier": frontier,
    "provenance": provenance,
    "allocation": allocation,
    "your_runs": your_runs,
}
"""The modules of the library's surface, whose public callables all need a spec (the course's are added below)."""
GRADERS: list[str] = []
"""The graders, which keep their own promise (any answer gets feedback, never an exception): test_exercises.py
gives each of them odd answers."""

if COURSE:  # the course's modules: figures, graders and their tools, the explorer's view and widgets
    EXPLORER_FIGURE = render.ExplorerFigure(panel_size=(4.0, 3.0), dpi=50.0)
    QUESTION = exercises.NumericQuestion("2 + 2", "", 1, "add the two.", lambda: (4.0, [(5.0, "off by one.")]))
    ALPHA, BETA, X = sp.symbols("alpha beta x", positive=True)
    FEW_STARTS_FIT = fitting.fit_parametric(RUNS.params, RUNS.tokens, RUNS.loss, starts=FEW_STARTS, polish=False)
    SPECS += [
        # the explorer's view and widgets
        Spec("ExplorerFigure", _explorer_figure, {"panel_size": (4.0, 3.0), "dpi": 50.0}, slow=True),
        Spec("ExplorerFigure.update", EXPLORER_FIGURE.update, {"result": EXPLORER_RESULT}, slow=True),
        Spec(
            "BudgetExplorer",
            widgets.BudgetExplorer,
            {"inputs": explorer.ExplorerInputs(flops=1e22), "query": None},
            slow=True,
        ),
        Spec(
            "BudgetExplorer.from_query",
            widgets.BudgetExplorer.from_query,
            {"query": "C=1e24&law=besiroglu2024"},
            slow=True,
        ),
        Spec("BudgetExplorer.apply_query", _apply_query, {"query": "C=1e24&gpu=TPU-v9"}, slow=True),
        Spec("link_html", widgets.link_html, {"query": "C=1e24"}),
        # figures
        Spec("law_style", plots.law_style, {"index": 1}),
        Spec("law_label", plots.law_label, {"law": LAW}),
        Spec("flop_label", plots.flop_label, {"flops": 5.76e23}),
        Spec(
            "plot_frontier",
            _drawn(plots.plot_frontier),
            {
                "laws": [LAW],
                "flops_range": (1e18, 1e27),
                "models": [],
                "budget": 1e23,
                "flops_per_param_token": 6.0,
                "show_kaplan": False,
                "ax": None,
            },
            slow=True,
        ),
        Spec(
            "plot_tokens_for_params",
            _drawn(plots.plot_tokens_for_params),
            {"laws": [LAW], "params_range": (1e7, 1e12), "models": [], "tokens_per_param_rule": 20.0, "ax": None},
            slow=True,
        ),
        Spec(
            "plot_loss_surface",
            _drawn(plots.plot_loss_surface),
            {
                "law": LAW,
                "params_range": (1e7, 1e12),
                "tokens_range": (1e9, 1e14),
                "budgets": (1e21,),
                "flops_per_param_token": 6.0,
                "ax": None,
            },
            slow=True,
        ),
        Spec(
            "plot_iso_flop",
            _drawn(plots.plot_iso_flop),
            {
                "laws": LAW,
                "flops": 1e21,
                "span": 100.0,
                "my_params": 1e9,
                "my_label": "mine",
                "flops_per_param_token": 6.0,
                "ax": None,
            },
            slow=True,
        ),
        Spec(
            "plot_isoflop_runs",
            _drawn(plots.plot_isoflop_runs),
            {"runs": RUNS, "law": LAW, "flops_per_param_token": 6.0, "ax": None},
            slow=True,
        ),
        Spec(
            "plot_inference_tradeoff",
            _drawn(plots.plot_inference_tradeoff),
            {"law": LAW, "target_loss": 2.2, "inference_range": (1e9, 1e13), "ax": None},
            slow=True,
        ),
        Spec(
            "plot_fit_residuals",
            _drawn(plots.plot_fit_residuals),
            {
                "runs": RUNS,
                "laws": {"Hoffmann": LAW},
                "delta": 1e-3,
                "split_flops": 1e21,
                "flops_per_param_token": 6.0,
                "ax": None,
            },
            slow=True,
        ),
        Spec(
            "plot_fit_endpoints",
            _drawn(plots.plot_fit_endpoints),
            {
                "fits": {"few starts": [FEW_STARTS_FIT]},
                "optimum": FEW_STARTS_FIT.objective,
                "n_runs": len(RUNS),
                "x": "alpha",
                "y": "A",
                "marks": {"a line": 500.0},
                "ax": None,
            },
            slow=True,
        ),
        Spec(
            "plot_tokens_per_param_by_law",
            _drawn(plots.plot_tokens_per_param_by_law),
            {
                "laws": [cl.LAWS["rule_of_thumb_20"]],
                "flops_range": (1e20, 1e26),
                "flops_per_param_token": 6.0,
                "ylim": (3.0, 400.0),
                "ax": None,
            },
            slow=True,
        ),
        # the graders' tools (the graders themselves: test_exercises.py gives every one odd answers)
        Spec("round_sig", exercises.round_sig, {"value": 0.45166, "sig_figs": 2}, non_finite_passes=True),
        Spec("format_sig", exercises.format_sig, {"value": 0.45166, "sig_figs": 2}),
        Spec("within_precision", exercises.within_precision, {"value": 1.03, "expected": 1.0312, "sig_figs": 3}),
        Spec("unanswered", exercises.unanswered, {"answer": None, "what": "C [FLOP]"}),
        Spec("as_number", exercises.as_number, {"answer": 2.5, "what": "x"}),
        Spec("unit_slips", exercises.unit_slips, {"expected": 7e9, "unit": "parameters"}),
        Spec(
            "grade",
            exercises.grade,
            {
                "answer": 5.88e23,
                "expected": 5.88e23,
                "what": "C = 6·N·D",
                "unit": "FLOP",
                "sig_figs": 3,
                "mistakes": [(9.8e22, "no k.")],
                "hint": "k = 6",
                "rtol": 0.01,
                "digits": None,
            },
        ),
        Spec(
            "NumericQuestion",
            exercises.NumericQuestion,
            {"what": "2 + 2", "unit": "", "sig_figs": 1, "hint": "add the two.", "solve": QUESTION.solve},
        ),
        Spec("NumericQuestion.grade", QUESTION.grade, {"answer": 4}),
        Spec(
            "numeric_question", exercises.numeric_question, {"what": "2 + 2", "unit": "", "sig_figs": 1, "hint": "add."}
        ),
        Spec(
            "grade_expression",
            exercises.grade_expression,
            {
                "answer": "beta/alpha",
                "expected": BETA / ALPHA,
                "what": "the ratio",
                "symbols": ["alpha", "beta"],
                "mistakes": [(ALPHA / BETA, "upside down.")],
                "hint": "divide.",
            },
            slow=True,
        ),
        Spec(
            "check_choice",
            exercises.check_choice,
            {
                "answer": "b",
                "correct": "b",
                "options": {"a": "forward only.", "b": "both passes."},
                "what": "the factor 6",
            },
        ),
        Spec(
            "same_in_logs",
            symbolic.same_in_logs,
            {"left": (X**ALPHA) ** BETA * X, "right": X ** (ALPHA * BETA + 1)},
            slow=True,
        ),
    ]
    NOT_HERE |= {
        "flops_text",  # format a result already computed and checked by explore()
        "count_text",
        "loss_text",
        "days_text",
        "headline",
        "summary_html",
        "compare_html",
        "ExplorerFigure.valley_svg",  # take no arguments
        "ExplorerFigure.frontier_png",
        "BudgetExplorer.read_inputs",
        "BudgetExplorer.update",
        "NumericQuestion.expected",
        "NumericQuestion.mistakes",
        "Grader",  # a typing Protocol: the type of the graders, never made
    }
    MODULES |= {
        "plots": plots,
        "exercises": exercises,
        "exercises_laws": exercises_laws,
        "symbolic": symbolic,
        "explorer.render": render,
        "explorer.widgets": widgets,
    }
    GRADERS = sorted(graders())

ODD_VALUES: list[Any] = [
    0,
    0.0,
    -0.0,
    -1,
    -1.0,
    1e-320,
    5e-324,
    1e-300,
    1e300,
    1.7e308,
    10**400,
    -(10**400),
    math.nan,
    math.inf,
    -math.inf,
    True,
    False,
    np.bool_(True),
    None,
    "1e21",
    "",
    b"1",
    bytearray(b"12"),
    memoryview(b"1"),
    1 + 2j,
    [],
    [1e21, math.nan],
    [[1.0, 2.0], [3.0]],
    np.array([1e21, -1.0]),
    np.array([]),
    np.float32(3e38),
    np.float16(1.0),
    np.int64(7),
    np.uint8(3),
    np.int8(-3),
    Fraction(1, 3),
    [1, 2, 3],
    [10**400],
    np.array(5.0),
    object(),
    {"a": 1},
    (1e21,),
    np.array(["a"]),
    np.ones((2, 2)) * 1e21,
    np.full(3, 1e300),
    np.array([1, 2], "O"),
    "A100",
    "sum",
    LAW,
    RUNS,
    A100,
    PLAN,
]
odd_values = st.one_of(
    st.sampled_from(ODD_VALUES),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**500), max_value=10**500),
)


def _finite(value: Any) -> bool:  # noqa: PLR0911 - one return per kind of value
    """Every number reachable in ``value`` is finite (floats, arrays, tuples, dataclasses, dicts)."""
    if isinstance(value, bool | str | type(None) | cl.ScalingLaw | types.FunctionType):
        return True
    if isinstance(value, int | np.integer):  # always finite, and 10**400 is too large for np.isfinite
        return True
    if isinstance(value, float | np.floating):
        return bool(np.isfinite(value))
    if isinstance(value, np.ndarray):
        return value.dtype.kind not in "fc" or bool(np.all(np.isfinite(value)))
    if isinstance(value, tuple | list):
        return all(_finite(v) for v in value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if dataclasses.is_dataclass(value):
        return all(_finite(getattr(value, f.name)) for f in dataclasses.fields(value))
    return True


def _check_promise(spec: Spec, name: str, value: Any) -> None:
    kwargs = {**spec.good, name: value}
    try:
        result = spec.call(**kwargs)
    except (TypeError, ValueError) as error:
        message = str(error)
        named = [*spec.good, *(label for labels in spec.labels.values() for label in labels)]
        assert any(word in message for word in named), f"{spec.name}({name}={value!r}): {message!r} names no argument"
        return
    passed_on = not _finite(result) and spec.non_finite_passes and not _finite(value)
    assert _finite(result) or passed_on, f"{spec.name}({name}={value!r}) returned a non-finite number: {result!r}"


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_good_arguments_work(spec: Spec):
    assert _finite(spec.call(**spec.good))


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors], deadline=None)
@given(data=st.data())
def test_odd_arguments_keep_the_promise(spec: Spec, data: st.DataObject):
    if spec.slow:  # each call fits a law; a handful of examples covers their checks, which run before any work
        value = data.draw(st.sampled_from(ODD_VALUES[::4]), label="value")
    else:
        value = data.draw(odd_values, label="value")
    name = data.draw(st.sampled_from(sorted(spec.good)), label="argument")
    _check_promise(spec, name, value)


def _public_callables() -> set[str]:
    """Every public function, class and public method in the modules of the library's surface."""
    found = set()
    for prefix, module in MODULES.items():
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(obj):
                found.add(f"{prefix}.{name}")
            elif inspect.isclass(obj) and not issubclass(obj, Exception):
                if dataclasses.is_dataclass(obj) or obj.__init__ is not object.__init__:
                    found.add(f"{prefix}.{name}")
                for method, member in vars(obj).items():
                    if not method.startswith("_") and isinstance(member, types.FunctionType | classmethod):
                        found.add(f"{prefix}.{name}.{method}")
    return found


def test_every_public_callable_has_a_spec():
    covered = {spec.name for spec in SPECS} | NOT_HERE | RESULT_TYPES | set(GRADERS)
    missing = set()
    for qualified in _public_callables():
        parts = qualified.split(".")
        short = ".".join(parts[-2:]) if len(parts) > 2 and parts[-2][:1].isupper() else parts[-1]
        if short not in covered and parts[-1] not in RESULT_TYPES:
            missing.add(qualified)
    assert not missing, f"public callables without a spec in tests/test_promise.py: {sorted(missing)}"


# --- the command line -------------------------------------------------------------------------------------------------

ODD_TEXT = ["0", "-1", "nan", "inf", "-inf", "1e400", "1e-400", "abc", "", "1e308", "5e-324", "0x10", "1_000"]
FLAGS = [
    "--flops",
    "--gpu-hours",
    "--gpus",
    "--days",
    "--loss",
    "--params",
    "--mfu",
    "--peak-flops",
    "-k",
    "--inference-tokens",
    "--unique-tokens",
    "--price-per-hour",
    "--inference-mfu",
]


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])  # output read per example
@given(flag=st.sampled_from(FLAGS), text=st.sampled_from(ODD_TEXT) | st.text(max_size=8), as_json=st.booleans())
def test_the_command_line_never_shows_a_traceback(capsys: pytest.CaptureFixture[str], flag, text, as_json):
    base = ["--gpus", "8", "--days", "2", "--gpu", "A100", "--mfu", "0.4"]
    argv = [*base, flag, text, *(["--json"] if as_json else [])]
    capsys.readouterr()  # the fixture is shared by the examples: start from empty output
    status = cli.main(argv)
    out, err = capsys.readouterr()
    assert status in (0, 2)
    assert "Traceback" not in out + err
    if as_json:
        payload = json.loads(out)  # always one valid JSON document, never NaN or Infinity
        assert ("error" in payload) == (status == 2)
    elif status == 2:
        assert err.startswith("chinchilla: error:")
        assert err.count("\n") == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["--flops", "5.76e23"],
        ["--gpus", "256", "--days", "30", "--gpu", "H100-SXM", "--mfu", "0.4", "--price-per-hour", "2.5"],
        ["--gpu-hours", "1e6", "--peak-flops", "5e14", "--mfu", "0.5"],
        ["--loss", "2.1"],
        ["--params", "70e9", "--inference-tokens", "1e13"],
        ["--flops", "1e22", "--unique-tokens", "1e10", "--gpu", "A100", "--mfu", "0.4"],
        [
            "--flops",
            "1e22",
            "--inference-tokens",
            "1e12",
            "--gpu",
            "A100",
            "--mfu",
            "0.4",
            "--price-per-hour",
            "2",
            "--inference-mfu",
            "0.1",
        ],
    ],
)
def test_one_command_checks_each_argument_once(capsys: pytest.CaptureFixture[str], argv):
    with _validation.recording() as checked:
        assert cli.main(argv) == 0
    capsys.readouterr()
    repeated = {name: count for name, count in Counter(checked).items() if count > 1}
    assert not repeated, f"checked more than once: {repeated}"
