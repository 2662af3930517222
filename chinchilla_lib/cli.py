"""The ``chinchilla`` command: size a model for a budget, a target loss or a model size, from the shell.

Examples::

    chinchilla --flops 5.76e23                      # every published law, side by side
    chinchilla --flops 1e24 --law hoffmann2022_tex  # one law
    chinchilla --gpu-hours 1e6 --gpu A100 --mfu 0.4 --price-per-hour 1.8
    chinchilla --gpus 1024 --days 30 --gpu H100-SXM --mfu 0.4 --json
    chinchilla --loss 2.0                           # the cheapest plan that reaches a loss
    chinchilla --params 70e9                        # D*(N) and the compute it implies
    chinchilla --params 30e9 --inference-tokens 1e13 --law sardana2024   # sized for serving
    chinchilla --flops 1e22 --unique-tokens 1e11    # when fresh data runs out
    chinchilla fit my_runs.csv --flops 1e24         # fit your own runs; plan with 90% bootstrap intervals

Errors print one line on stderr and exit with status 2. With ``--json`` standard output always holds one JSON
document: the answer, or ``{"error": "..."}`` (exit status 2); numbers are always finite (no NaN or Infinity).
On a stream that cannot encode a character (``PYTHONIOENCODING=ascii``, ``LC_ALL=C`` on older systems), the text
is written with an ASCII rendering of it: ``·`` as ``*``, ``α`` as ``alpha``, ``≈`` as ``~``; JSON is always ASCII.
"""

from __future__ import annotations

import argparse
import codecs
import json
import math
import os
import sys
import textwrap
import unicodedata
from collections.abc import Sequence
from typing import Any, NoReturn

from chinchilla_lib import __version__
from chinchilla_lib._validation import (
    check_flops_per_param_token,
    check_fraction,
    check_nonnegative,
    check_range,
    positive_scalar,
    representable,
)
from chinchilla_lib.allocation import Allocation
from chinchilla_lib.beyond import inference, repeated_data
from chinchilla_lib.compute import (
    ACCELERATORS,
    DEFAULT_FLOPS_PER_PARAM_TOKEN,
    INFERENCE_FLOPS_PER_PARAM_TOKEN,
    Hardware,
)
from chinchilla_lib.formatting import _human_count, _scientific
from chinchilla_lib.frontier import FrontierLaw
from chinchilla_lib.laws import LAWS, PUBLISHED_LAWS, RECOMMENDATION, ScalingLaw
from chinchilla_lib.tables import (
    _recommendation_rows,
    allocation_row,
    data_constrained_row,
    format_table,
    inference_row,
    law_listing,
    shared_values,
)

EXIT_USAGE = 2
ALL = "all"
FIT = "fit"
"""The first word of ``chinchilla fit RUNS.csv``: fit your own runs (every other command line has no first word)."""


class UsageError(ValueError):
    """A flag that does not apply, or a missing one: reported like any bad input.

    :func:`main` prints its message on one line of standard error (or as ``{"error": ...}`` with ``--json``) and
    exits with status 2, as for any other bad input.

    Examples
    --------
    >>> try:
    ...     build_parser().parse_args(["--flops", "1e23", "--frobnicate"])
    ... except UsageError as error:
    ...     print(error)
    unrecognized arguments: --frobnicate (see chinchilla --help)
    >>> issubclass(UsageError, ValueError)  # callers that catch ValueError catch it too
    True
    """


class _OneLineParser(argparse.ArgumentParser):
    """argparse prints the whole usage on error; one line is easier to read in scripts."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see {self.prog} --help)")

    def _print_message(self, message: str, file: Any = None) -> None:
        # --help goes through the same writer as every other output, so an ASCII terminal gets it too
        if message:
            _write(message, sys.stderr if file is None else file)  # argparse's default stream


class _HelpFormatter(argparse.HelpFormatter):
    """Wraps help at spaces only: textwrap's default breaks ``--peak-flops`` into ``--peak-`` and ``flops``."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        flat = " ".join(text.split())
        return textwrap.fill(flat, width, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``chinchilla`` command.

    Returns
    -------
    argparse.ArgumentParser
        A parser whose errors raise :class:`UsageError` (one line) instead of exiting.

    Examples
    --------
    >>> build_parser().parse_args(["--flops", "1e23"]).flops
    1e+23
    """
    parser = _OneLineParser(
        prog="chinchilla",
        formatter_class=_HelpFormatter,
        description="Compute-optimal model size, training tokens and loss for a training budget, a target loss or "
        "a model size (Hoffmann et al. 2022 and later laws).",
        # the epilog is not %-formatted by argparse (only help= strings are), so a percent sign is written once
        epilog="Numbers accept scientific notation (5.76e23). MFU is the fraction of peak FLOP/s a run achieves; "
        '30-50% is typical for large training runs. With --json, errors are printed as {"error": ...} on '
        "standard output with exit status 2.",
    )
    question = parser.add_mutually_exclusive_group(required=True)
    question.add_argument("--flops", type=float, metavar="C", help="training budget [FLOP]")
    question.add_argument(
        "--gpu-hours",
        type=float,
        metavar="H",
        help="budget in accelerator-hours (needs --mfu, and --gpu or --peak-flops)",
    )
    question.add_argument(
        "--gpus",
        type=float,
        metavar="N",
        help="number of accelerators (needs --days, --mfu, and --gpu or --peak-flops)",
    )
    question.add_argument("--loss", type=float, metavar="L", help="target loss [nats/token]: the cheapest plan")
    question.add_argument("--params", type=float, metavar="N", help="a model size [parameters]: print D*(N)")
    question.add_argument(
        "--list-laws", action="store_true", help="list the laws and their sources (alone, or with --json)"
    )
    question.add_argument(
        "--list-gpus", action="store_true", help="list the known accelerators (alone, or with --json)"
    )
    question.add_argument("--version", action="store_true", help="print the version (alone, or with --json)")
    parser.add_argument("--days", type=float, help="wall-clock days, with --gpus")
    hardware = parser.add_mutually_exclusive_group()
    hardware.add_argument("--gpu", help=f"accelerator name: {', '.join(ACCELERATORS)}")
    hardware.add_argument("--peak-flops", type=float, metavar="F", help="peak FLOP/s of one accelerator")
    parser.add_argument("--mfu", type=float, help="model FLOPs utilisation of training in (0, 1], e.g. 0.4")
    parser.add_argument("--price-per-hour", type=float, metavar="P", help="$ per accelerator-hour: costs in money")
    # --law and -k default to None, not to their values, so that _refuse sees whether they were given
    parser.add_argument(
        "--law",
        choices=[ALL, *sorted(LAWS)],
        help="one law, or all of them side by side with their fitted ranges (the default)",
    )
    parser.add_argument(
        "-k",
        "--flops-per-param-token",
        type=float,
        metavar="K",
        help=f"k in C = k*N*D (default {DEFAULT_FLOPS_PER_PARAM_TOKEN:g}; about 8 with activation recomputation)",
    )
    beyond = parser.add_mutually_exclusive_group()
    beyond.add_argument(
        "--inference-tokens",
        type=float,
        metavar="T",
        help="tokens the model will serve: the model of the same loss with the least training + "
        "inference compute, or cost with --price-per-hour (Sardana et al. 2024)",
    )
    beyond.add_argument(
        "--unique-tokens",
        type=float,
        metavar="U",
        help="unique training tokens available: the best plan when data must be repeated (Muennighoff et al. 2023)",
    )
    parser.add_argument(
        "--inference-mfu",
        type=float,
        metavar="M",
        help="MFU of serving in (0, 1], with --inference-tokens and --price-per-hour",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    return parser


_QUESTIONS = ("flops", "gpu_hours", "gpus", "loss", "params", "list_laws", "list_gpus", "version")
"""The destinations of the mutually exclusive questions; every other flag qualifies a question."""
_LISTINGS = {"list_laws": "--list-laws", "list_gpus": "--list-gpus", "version": "--version"}
"""The questions that print a fixed text, which no flag but --json changes."""


def _refuse(args: argparse.Namespace) -> None:
    """Flags that do not apply to the question asked are errors, not silently ignored."""
    budget = args.flops is not None or args.gpu_hours is not None or args.gpus is not None
    listing = next((flag for dest, flag in _LISTINGS.items() if getattr(args, dest)), None)
    # every flag but the questions and --json defaults to None or False, so anything else was given
    given = [
        "--" + dest.replace("_", "-")
        for dest, value in vars(args).items()
        if dest not in (*_QUESTIONS, "json") and value is not None and value is not False
    ]
    rules = [
        (listing is not None and bool(given), f"{listing} takes no other flag but --json, got {', '.join(given)}"),
        (args.days is not None and args.gpus is None, "--days goes with --gpus"),
        (args.gpus is not None and args.days is None, "--gpus needs --days"),
        (
            args.unique_tokens is not None and not budget,
            "--unique-tokens needs a budget (--flops, --gpu-hours or --gpus), not --params or --loss",
        ),
        (
            args.inference_mfu is not None and (args.inference_tokens is None or args.price_per_hour is None),
            "--inference-mfu goes with --inference-tokens and --price-per-hour",
        ),
        (
            args.inference_tokens is not None and args.price_per_hour is not None and args.inference_mfu is None,
            "give --inference-mfu (serving MFU in (0, 1]) to price inference; it is never assumed",
        ),
        (
            args.price_per_hour is not None and args.gpu is None and args.peak_flops is None,
            "--price-per-hour needs --gpu or --peak-flops and --mfu",
        ),
    ]
    for broken, message in rules:
        if broken:
            raise UsageError(message)


def _hardware(args: argparse.Namespace) -> Hardware | None:
    """The training hardware, made (and checked) once; None when none was given."""
    given = args.gpu is not None or args.peak_flops is not None
    needed = args.gpu_hours is not None or args.gpus is not None
    if not given:
        if needed:
            raise UsageError("give --gpu NAME or --peak-flops F/s with --gpu-hours or --gpus")
        if args.mfu is not None:
            raise UsageError("--mfu needs --gpu or --peak-flops")
        return None
    if args.mfu is None:
        raise UsageError("give --mfu (model FLOPs utilisation in (0, 1], e.g. 0.4); it is never assumed")
    return Hardware.of(args.gpu, mfu=args.mfu, peak_flops=args.peak_flops, price_per_hour=args.price_per_hour)


def _budget(args: argparse.Namespace, hardware: Hardware | None) -> float:
    if args.flops is not None:
        return positive_scalar(args.flops, "flops", "FLOP")
    assert hardware is not None  # _hardware insists on it for the two hardware budgets
    if args.gpu_hours is not None:
        hours = positive_scalar(args.gpu_hours, "gpu_hours", "GPU-hours")
    else:
        hours = positive_scalar(args.gpus, "gpus", "accelerators") * positive_scalar(args.days, "days", "days") * 24
    flops = hours * hardware.flops_per_hour
    representable("the budget", "--gpu-hours (or --gpus and --days), --gpu/--peak-flops and --mfu", flops)
    return flops


def _laws(args: argparse.Namespace) -> list[Any]:
    """The laws asked about: every law of the registry, or parametric ones only for questions about the loss."""
    about_loss = args.loss is not None or args.inference_tokens is not None or args.unique_tokens is not None
    if args.law in (None, ALL):
        return list((PUBLISHED_LAWS if about_loss else LAWS).values())
    law = LAWS[args.law]
    if about_loss and isinstance(law, FrontierLaw):
        raise UsageError(
            f"--law {args.law} is a frontier-only law and predicts no loss; --loss, --inference-tokens and "
            f"--unique-tokens need one of: {', '.join(PUBLISHED_LAWS)}"
        )
    return [law]


def _gpu_listing() -> str:
    return "\n".join(
        f"{a.name:10s} {a.peak_flops / 1e12:6g} TFLOP/s  {a.precision:16s} {a.source}" for a in ACCELERATORS.values()
    )


def _header_of_shared(rows: list[dict[str, Any]], hardware: Hardware | None, stated_flops: float | None) -> list[str]:
    shared = shared_values(rows)
    lines = []
    if "flops" in shared and shared["flops"] != stated_flops:
        lines.append(f"Training compute C = {_scientific(shared['flops'])} FLOP in every row")
    if "gpu_hours" in shared and hardware is not None:
        cost = f", ${_human_count(shared['cost'])}" if "cost" in shared else ""
        lines.append(f"= {_human_count(shared['gpu_hours'])} GPU-hours of {hardware.describe()}{cost}")
    return lines


def _plans(
    args: argparse.Namespace, laws: list[ScalingLaw], k: float, hardware: Hardware | None, payload: dict[str, Any]
) -> tuple[list[Allocation], list[str]]:
    """The compute-optimal plan under each law for the question asked, and the header lines that state it."""
    if args.params is not None:
        params = positive_scalar(args.params, "params", "parameters")
        payload["params"] = params
        header = f"Model size N = {_human_count(params)} parameters: tokens D*(N) = gamma*N^phi, compute C = {k:g}*N*D*"
        return [law._allocation_for_params(params, k) for law in laws], [header]
    if args.loss is not None:
        target = float(check_range(args.loss, "loss", lower=max(law.E for law in laws), unit="nats/token")[0])
        payload["loss"] = target
        header = f"Target loss L = {target:g} nats/token: the cheapest compute-optimal plan under each law"
        return [law._compute_for_loss(target, k) for law in laws], [header]
    flops = _budget(args, hardware)
    payload["flops"] = flops
    if hardware is not None:
        payload["gpu_hours"] = flops / hardware.flops_per_hour
    header = f"Budget C = {_scientific(flops)} FLOP, spent compute-optimally (C = {k:g}*N*D)"
    return [law._compute_optimal(flops, k) for law in laws], [header]


def run(argv: Sequence[str] | None = None) -> tuple[str, dict[str, Any] | None]:
    """Parse a command line and answer it.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments, without the program name; ``sys.argv[1:]`` by default.

    Returns
    -------
    text : str
        What the command prints without ``--json``.
    payload : dict or None
        What it prints with ``--json``.

    Raises
    ------
    TypeError
        If a value has the wrong kind.
    ValueError
        If a value is out of range, or flags are missing or do not apply (:class:`UsageError`).

    Examples
    --------
    >>> text, payload = run(["--flops", "1e23", "--law", "hoffmann2022"])
    >>> abs(6 * payload["results"][0]["params"] * payload["results"][0]["tokens"] / 1e23 - 1) < 1e-12
    True
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == [FIT]:
        return _run_fit(arguments[1:])
    args = build_parser().parse_args(arguments)
    _refuse(args)
    if args.version:
        return f"chinchilla {__version__}", {"version": __version__}
    if args.list_laws:
        return law_listing(), {
            "laws": {
                key: {
                    "label": law.label,
                    "citation": law.citation,
                    "note": law.note,
                    "predicts_loss": law.predicts_loss,
                    "fitted_flops": law.fitted_flops,
                }
                for key, law in LAWS.items()
            },
            "recommendation": RECOMMENDATION,
        }
    if args.list_gpus:
        return _gpu_listing(), {"gpus": {a.name: a._asdict() for a in ACCELERATORS.values()}}
    hardware = _hardware(args)
    given_k = args.flops_per_param_token
    k = check_flops_per_param_token(DEFAULT_FLOPS_PER_PARAM_TOKEN if given_k is None else given_k)
    laws = _laws(args)
    payload: dict[str, Any] = {"flops_per_param_token": k}
    plans, header = _plans(args, laws, k, hardware, payload)
    rows = [allocation_row(law, plan, hardware) for law, plan in zip(laws, plans, strict=True)]
    if args.params is None and args.loss is None and args.inference_tokens is None and args.unique_tokens is None:
        rows = _recommendation_rows(payload["flops"], laws, k, hardware)  # each law with its fitted range and flag
        header.append("range: decades between this budget and the budgets each law was fitted on")
    if args.inference_tokens is not None:
        served = float(check_nonnegative(args.inference_tokens, "inference_tokens", "tokens")[0])
        prices = (1.0, 1.0)
        if args.price_per_hour is not None:
            assert hardware is not None  # _refuse insists on it
            serving_mfu = check_fraction(args.inference_mfu, "inference_mfu")
            # the same accelerator and price, at serving's own (usually much lower) utilisation
            prices = (hardware.dollars_per_flop, hardware.dollars_per_flop * hardware.mfu / serving_mfu)
            payload["inference_mfu"] = serving_mfu
        rows = []
        for law, plan in zip(laws, plans, strict=True):
            best = inference._optimise(law, float(plan.loss), plan, served, k, INFERENCE_FLOPS_PER_PARAM_TOKEN, *prices)
            row = inference_row(law, best, hardware)
            if args.price_per_hour is not None:
                row.update(total_cost=best.cost, chinchilla_cost=best.chinchilla_cost)
            rows.append(row)
        what = "dollars" if args.price_per_hour is not None else "FLOPs"
        header.append(
            f"Sized for {_scientific(served)} inference tokens at 2*N FLOP each: the model of the same "
            f"loss with the least training + inference {what} (Sardana et al. 2024)"
        )
        payload["inference_tokens"] = served
    elif args.unique_tokens is not None:
        unique = positive_scalar(args.unique_tokens, "unique_tokens", "tokens")
        rows = [
            data_constrained_row(law, repeated_data._optimal(law, float(plan.flops), unique, k), hardware)
            for law, plan in zip(laws, plans, strict=True)
        ]
        header.append(
            f"With {_human_count(unique)} unique tokens, repeated as needed (Muennighoff et al. 2023; "
            "R* was fitted with muennighoff2023_c4, so other laws are approximate)"
        )
        payload["unique_tokens"] = unique
    header += _header_of_shared(rows, hardware, payload.get("flops"))
    payload.update(
        hardware=None
        if hardware is None
        else {
            "name": hardware.name,
            "peak_flops": hardware.peak_flops,
            "mfu": hardware.mfu,
            "price_per_hour": hardware.price_per_hour,
        },
        results=rows,
    )
    footer = ["", RECOMMENDATION] if len(laws) > 1 else []
    return "\n".join([*header, "", format_table(rows, drop_shared=True), *footer]), payload


# --- chinchilla fit RUNS.csv -----------------------------------------------------------------------------------------


def build_fit_parser() -> argparse.ArgumentParser:
    """The argument parser of ``chinchilla fit RUNS.csv`` (the words after ``fit``).

    Returns
    -------
    argparse.ArgumentParser
        A parser whose errors raise :class:`UsageError` (one line) instead of exiting.

    Examples
    --------
    >>> build_fit_parser().parse_args(["runs.csv", "--flops", "1e23,1e24", "--flops", "1e25"]).flops
    ['1e23,1e24', '1e25']
    """
    parser = _OneLineParser(
        prog=f"chinchilla {FIT}",
        formatter_class=_HelpFormatter,
        description="Fit L = E + A/N^alpha + B/D^beta to your own training runs by Approach 3 (Hoffmann et al. "
        "2022, App. D.2; summed Huber losses as Besiroglu et al. 2024), with bootstrap intervals, and plan budgets.",
        epilog="The CSV needs a header row with columns params (or N, model size), tokens (or D) or flops (or C), "
        "and loss; an optional budget column (the nominal FLOP of each run's IsoFLOP sweep) adds Approach 2.",
    )
    parser.add_argument("runs", metavar="RUNS.csv", help="CSV of runs: params, tokens (or flops), loss[, budget]")
    parser.add_argument(
        "--flops",
        action="append",
        metavar="C",
        help="budget to plan [FLOP]; repeat it or give a comma-separated list",
    )
    parser.add_argument("--resamples", type=int, default=200, metavar="N", help="bootstrap resamples (>= 10)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the resampling (>= 0)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    return parser


def _budgets(given: list[str] | None) -> list[float]:
    """The budgets of ``--flops``, each repeated flag a number or a comma-separated list of them."""
    budgets = []
    for text in given or []:
        for piece in text.split(","):
            try:
                budgets.append(float(piece))
            except ValueError:
                raise UsageError(f"--flops: {piece.strip()!r} is not a number") from None
    return budgets


def _interval_text(value: float, interval: tuple[float, float], render: Any) -> str:
    low, high = interval
    return f"{render(value)} [{render(low)}, {render(high)}]"


def _fit_text(name: str, result: Any) -> str:
    """The text of ``chinchilla fit``: the law with intervals, the runs used, residuals, and the plans."""
    from chinchilla_lib.your_runs import EXTRAPOLATION_LIMIT_DECADES, PARAMETERS  # noqa: PLC0415 - SciPy on use

    percent = f"{100 * result.level:g}%"
    lines = [
        f"Approach 3 fit to {name}: L = E + A/N^alpha + B/D^beta, summed Huber losses of log-loss residuals "
        "(Hoffmann et al. 2022, App. D.2; Besiroglu et al. 2024)",
        f"Runs: all {result.n_runs} used, none dropped"
        if result.n_dropped == 0
        else f"Runs: {result.n_runs} used, {result.n_dropped} dropped",
        f"{percent} bootstrap intervals from {result.n_resamples} resamples"
        + (f" ({result.failures} failed to refit)" if result.failures else ""),
    ]
    for parameter in PARAMETERS:
        value = getattr(result.law, parameter)
        lines.append(f"  {parameter:6s} {_interval_text(value, result.intervals[parameter], lambda v: f'{v:.4g}')}")
    lines += [
        f"Objective (sum of Huber losses): {result.objective:.4g}",
        f"Residuals |log L_fit - log L|: median {result.residual_median:.3g}, max {result.residual_max:.3g}",
        f"Largest run: {_scientific(result.max_run_flops)} FLOP",
    ]
    if result.isoflop is not None:
        lines.append(
            f"Approach 2 (IsoFLOP profiles, {len(result.isoflop.flops)} budgets): N_opt ∝ C^{result.isoflop.a:.3f}"
        )
    else:
        lines.append(result.isoflop_note)
    for plan in result.plans:
        lines += ["", f"Budget C = {_scientific(plan.flops)} FLOP (C = 6*N*D), {percent} intervals:"]
        if plan.extrapolated:
            lines.append(
                f"  warning: {plan.decades_beyond_runs:.1f} decades beyond the largest run's compute (more than "
                f"{EXTRAPOLATION_LIMIT_DECADES:g}); the intervals do not cover the error of extrapolating the law"
            )
        lines += [
            f"  Approach 3 (your runs): N = {_interval_text(plan.params, plan.params_interval, _human_count)}, "
            f"D = {_interval_text(plan.tokens, plan.tokens_interval, _human_count)}, "
            f"L = {_interval_text(plan.loss, plan.loss_interval, lambda v: f'{v:.4f}')}",
        ]
        if plan.isoflop_params is not None:
            lines.append(
                f"  Approach 2 (IsoFLOP):   N = {_human_count(plan.isoflop_params)} "
                f"({plan.isoflop_disagreement:+.1f}% vs Approach 3)"
            )
        lines.append(
            f"  {plan.published_law} (recommended published law): N = {_human_count(plan.published_params)}, "
            f"D = {_human_count(plan.published_tokens)}, L = {plan.published_loss:.4f}"
        )
    return "\n".join(lines)


def _fit_payload(result: Any) -> dict[str, Any]:
    """The JSON document of ``chinchilla fit --json``."""
    from chinchilla_lib.your_runs import EXTRAPOLATION_LIMIT_DECADES, PARAMETERS  # noqa: PLC0415 - SciPy on use

    plans = [
        {
            "flops": plan.flops,
            "params": plan.params,
            "tokens": plan.tokens,
            "loss": plan.loss,
            "params_interval": list(plan.params_interval),
            "tokens_interval": list(plan.tokens_interval),
            "loss_interval": list(plan.loss_interval),
            "decades_beyond_runs": plan.decades_beyond_runs,
            "extrapolated": plan.extrapolated,
            "approach2_params": plan.isoflop_params,
            "approach2_disagreement_percent": plan.isoflop_disagreement,
            "published": {
                "law": plan.published_law,
                "params": plan.published_params,
                "tokens": plan.published_tokens,
                "loss": plan.published_loss,
            },
        }
        for plan in result.plans
    ]
    payload: dict[str, Any] = {
        "law": {name: getattr(result.law, name) for name in PARAMETERS},
        "objective": result.objective,
        "intervals": {name: list(result.intervals[name]) for name in PARAMETERS},
        "level": result.level,
        "n_runs": result.n_runs,
        "n_dropped": result.n_dropped,
        "n_resamples": result.n_resamples,
        "failures": result.failures,
        "residuals": {"median": result.residual_median, "max": result.residual_max},
        "max_run_flops": result.max_run_flops,
        "extrapolation_limit_decades": EXTRAPOLATION_LIMIT_DECADES,
        "approach2": None
        if result.isoflop is None
        else {
            "budgets": result.isoflop.flops.tolist(),
            "params": result.isoflop.params.tolist(),
            "a": result.isoflop.a,
        },
        "approach2_note": result.isoflop_note,
    }
    if plans:
        payload["plan"] = plans
    return payload


def _run_fit(argv: list[str]) -> tuple[str, dict[str, Any]]:
    """``chinchilla fit RUNS.csv``: the text and the JSON payload."""
    from chinchilla_lib.your_runs import fit_runs, read_runs  # noqa: PLC0415 - loads SciPy: only for `fit`

    args = build_fit_parser().parse_args(argv)
    runs = read_runs(args.runs)
    budgets = _budgets(args.flops)
    result = fit_runs(runs, flops=budgets or None, n_resamples=args.resamples, seed=args.seed)
    return _fit_text(os.path.basename(args.runs), result), _fit_payload(result)


def _finite(payload: Any) -> bool:
    if isinstance(payload, float):
        return math.isfinite(payload)
    if isinstance(payload, dict):
        return all(_finite(v) for v in payload.values())
    if isinstance(payload, list | tuple):
        return all(_finite(v) for v in payload)
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``chinchilla`` console script.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments; ``sys.argv[1:]`` by default.

    Returns
    -------
    int
        The exit status: 0, or 2 for bad input.

    Examples
    --------
    >>> main(["--version"])  # doctest: +ELLIPSIS
    chinchilla ...
    0
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in arguments
    try:
        text, payload = run(arguments)
        if as_json:
            if not _finite(payload):
                raise ValueError("the answer is outside the range of float64 for these inputs")
            text = json.dumps(payload, indent=2, allow_nan=False)
    except (ValueError, TypeError) as error:
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        if as_json:
            _print(json.dumps({"error": message}), sys.stdout)
        else:
            _print(f"chinchilla: error: {message}", sys.stderr)
        return EXIT_USAGE
    except SystemExit as done:  # argparse's --help
        return int(done.code or 0)
    _print(text, sys.stdout)
    return 0


_ASCII = {
    "·": "*",
    "×": "x",
    "−": "-",
    "–": "-",
    "≈": "~",
    "∝": "propto",
    "±": "+/-",
    "…": "...",
    "§": "Sec. ",
    "²": "^2",
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "δ": "delta",
    "θ": "theta",
    "φ": "phi",
    "ℓ": "l",
    "Σ": "sum",
    "∇": "grad",
}
"""ASCII renderings of the non-ASCII characters in the library's texts (laws' notes, tables, messages)."""
_ASCII_ERRORS = "chinchilla.ascii"


def _ascii_rendering(error: UnicodeError) -> tuple[str, int]:
    r"""A codecs error handler: what a stream cannot encode, written as readable ASCII.

    Known characters use :data:`_ASCII`; accented letters lose their accents (NFKD); anything else (a character
    someone typed) is escaped as ``\uXXXX``, which is at least unambiguous.
    """
    if not isinstance(error, UnicodeEncodeError):
        raise error
    rendered = []
    for char in error.object[error.start : error.end]:
        plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
        rendered.append(_ASCII.get(char) or plain or char.encode("ascii", "backslashreplace").decode("ascii"))
    return "".join(rendered), error.end


codecs.register_error(_ASCII_ERRORS, _ascii_rendering)


def _encodable(text: str, stream: Any) -> str:
    """``text``, with an ASCII rendering of each character the stream's encoding cannot write."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        # strict, not the stream's own handler: stderr's backslashreplace would print \xb7 where * reads better
        text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode(encoding, _ASCII_ERRORS).decode(encoding)
    except LookupError:  # an encoding Python does not know: let the stream decide
        pass
    return text


def _print(text: str, stream: Any) -> None:
    """Print, and stay quiet when the reader has gone (``chinchilla ... | head``)."""
    _write(text + "\n", stream)


def _write(text: str, stream: Any) -> None:
    """Write and flush, encodably for the stream; stay quiet when the reader has gone."""
    try:
        stream.write(_encodable(text, stream))
        stream.flush()
    except BrokenPipeError:
        # Python would complain again at exit while flushing; point stdout at /dev/null instead (Python docs).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
