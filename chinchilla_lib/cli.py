"""The ``chinchilla`` command: size a model for a budget from the shell.

Examples::

    chinchilla --flops 5.76e23                      # every published law, side by side
    chinchilla --flops 1e24 --law hoffmann2022_tex  # one law
    chinchilla --gpu-hours 1e6 --gpu A100 --mfu 0.4
    chinchilla --gpus 1024 --days 30 --gpu H100-SXM --mfu 0.4 --json
    chinchilla --params 70e9                        # D*(N) and the compute it implies
    chinchilla --params 30e9 --inference-tokens 1e13 --law sardana2024   # sized for serving
    chinchilla --flops 1e22 --unique-tokens 1e11    # when fresh data runs out

Bad input prints one line on stderr and exits with status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from chinchilla_lib import compute
from chinchilla_lib.allocation import DEFAULT_FLOPS_PER_PARAM_TOKEN
from chinchilla_lib.beyond import data_constrained_optimal, inference_optimal
from chinchilla_lib.formatting import duration, human_count, scientific
from chinchilla_lib.frontier import FrontierLaw
from chinchilla_lib.laws import LAWS, PUBLISHED_LAWS, RECOMMENDATION, ScalingLaw
from chinchilla_lib.tables import (
    allocation_row,
    data_constrained_row,
    format_table,
    inference_row,
    law_listing,
    recommendation_rows,
)

EXIT_USAGE = 2


class _OneLineParser(argparse.ArgumentParser):
    """argparse prints the whole usage on error; a one-line message is easier to read in scripts."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(
        prog="chinchilla",
        description="Compute-optimal model size, training tokens and loss for a training budget "
        "(Hoffmann et al. 2022 and later refits).",
        epilog="Numbers accept scientific notation (5.76e23). MFU is the fraction of peak FLOP/s a run achieves; "
        "30-50%% is typical for large runs.",
    )
    budget = parser.add_mutually_exclusive_group(required=True)
    budget.add_argument("--flops", type=float, metavar="C", help="training budget [FLOP]")
    budget.add_argument("--gpu-hours", type=float, metavar="H", help="budget in accelerator-hours (needs --mfu)")
    budget.add_argument("--gpus", type=float, metavar="N", help="number of accelerators (needs --days and --mfu)")
    budget.add_argument("--params", type=float, metavar="N", help="a model size [parameters]: print D*(N)")
    budget.add_argument("--list-laws", action="store_true", help="list the published laws and their sources")
    budget.add_argument("--list-gpus", action="store_true", help="list the known accelerators")
    parser.add_argument("--days", type=float, help="wall-clock days, with --gpus")
    hardware = parser.add_mutually_exclusive_group()
    hardware.add_argument("--gpu", help=f"accelerator name: {', '.join(compute.ACCELERATORS)}")
    hardware.add_argument("--peak-flops", type=float, metavar="F", help="peak FLOP/s of one accelerator")
    parser.add_argument("--mfu", type=float, help="model FLOPs utilisation in (0, 1], e.g. 0.4")
    parser.add_argument(
        "--law",
        choices=["all", *sorted(LAWS)],
        default="all",
        help="one published law, or all (default): every law side by side with its fitted range",
    )
    parser.add_argument(
        "-k",
        "--flops-per-param-token",
        type=float,
        default=DEFAULT_FLOPS_PER_PARAM_TOKEN,
        metavar="K",
        help="k in C = k*N*D (default 6; about 8 with activation recomputation)",
    )
    beyond = parser.add_mutually_exclusive_group()
    beyond.add_argument(
        "--inference-tokens",
        type=float,
        metavar="T",
        help="tokens the model will serve: size it for the least training + inference compute at the loss the "
        "compute-optimal plan (or the Chinchilla-trained --params model) reaches (Sardana et al. 2024)",
    )
    beyond.add_argument(
        "--unique-tokens",
        type=float,
        metavar="U",
        help="unique training tokens available: the best plan when data must be repeated (Muennighoff et al. 2023)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    return parser


def _hardware(args: argparse.Namespace) -> dict[str, Any] | None:
    """The accelerator settings, or None when none were given; insists on --mfu when they are needed."""
    given = args.gpu is not None or args.peak_flops is not None
    needed = args.gpu_hours is not None or args.gpus is not None
    if not given and not needed:
        if args.mfu is not None:
            raise ValueError("--mfu needs --gpu or --peak-flops")
        return None
    if not given:
        raise ValueError("give --gpu NAME or --peak-flops F/s with --gpu-hours or --gpus")
    if args.mfu is None:
        raise ValueError("give --mfu (model FLOPs utilisation in (0, 1], e.g. 0.4); it is never assumed")
    return {"gpu": args.gpu, "peak_flops": args.peak_flops, "mfu": args.mfu}


def _budget_flops(args: argparse.Namespace, hardware: dict[str, Any] | None) -> float:
    if args.flops is not None:
        return float(args.flops)
    assert hardware is not None  # _hardware insists on it for the two hardware budgets
    if args.gpu_hours is not None:
        return float(compute.gpu_hours_to_flops(args.gpu_hours, **hardware))
    if args.days is None:
        raise ValueError("--gpus needs --days")
    return float(compute.cluster_flops(args.gpus, args.days, **hardware))


def _laws(args: argparse.Namespace) -> list[ScalingLaw | FrontierLaw]:
    return list(LAWS.values()) if args.law == "all" else [LAWS[args.law]]


def _loss_laws(args: argparse.Namespace) -> list[ScalingLaw]:
    """The laws for questions that need a loss model (inference, repeated data): parametric ones only."""
    if args.law == "all":
        return list(PUBLISHED_LAWS.values())
    law = LAWS[args.law]
    if not isinstance(law, ScalingLaw):
        raise ValueError(f"--law {args.law} is a frontier-only law and predicts no loss; --inference-tokens and "
                         f"--unique-tokens need one of: {', '.join(PUBLISHED_LAWS)}")  # fmt: skip
    return [law]


def _gpu_listing() -> str:
    return "\n".join(
        f"{a.name:10s} {a.peak_flops / 1e12:6g} TFLOP/s  {a.precision:16s} {a.source}"
        for a in compute.ACCELERATORS.values()
    )


def run(argv: Sequence[str] | None = None) -> str:
    """Parse ``argv`` and return the text to print; raises ValueError/TypeError on bad input."""
    args = build_parser().parse_args(argv)
    if args.list_laws:
        return law_listing()
    if args.list_gpus:
        return _gpu_listing()
    hardware = _hardware(args)
    k = args.flops_per_param_token
    needs_loss = args.inference_tokens is not None or args.unique_tokens is not None
    laws: list[Any] = _loss_laws(args) if needs_loss else _laws(args)
    if args.params is not None:
        if args.unique_tokens is not None:
            raise ValueError("--unique-tokens needs a budget (--flops, --gpu-hours or --gpus); not --params")
        plans = [law.allocation_for_params(args.params, k) for law in laws]
        header = [f"Model size N = {human_count(args.params)} parameters; D*(N) = gamma*N^phi and C = {k:g}*N*D*"]
        payload: dict[str, Any] = {"params": args.params}
    else:
        flops = _budget_flops(args, hardware)
        plans = [law.compute_optimal(flops, k) for law in laws]
        header = [f"Budget C = {scientific(flops)} FLOP (C = {k:g}*N*D)"]
        payload = {"flops": flops}
        if hardware is not None:
            hours = float(compute.flops_to_gpu_hours(flops, **hardware))
            header.append(
                f"= {hours:.4g} GPU-hours of {compute.describe_rate(**hardware)} ({duration(hours)} on one accelerator)"
            )
            payload["gpu_hours"] = hours
    if args.params is None and not needs_loss:
        rows = recommendation_rows(flops, laws, k, hardware)  # every law with its fitted range and flag
        header.append("range: decades between this budget and the budgets each law was fitted on")
    else:
        rows = [allocation_row(law, plan, hardware) for law, plan in zip(laws, plans, strict=True)]
    if args.inference_tokens is not None:
        rows = [inference_row(law, inference_optimal(law, plan.loss, args.inference_tokens, flops_per_param_token=k),
                              hardware) for law, plan in zip(laws, plans, strict=True)]  # fmt: skip
        header.append(f"Sized for {args.inference_tokens:.3g} inference tokens at 2*N FLOP each, at the loss of the "
                      "plan above (Sardana et al. 2024)")  # fmt: skip
        payload["inference_tokens"] = args.inference_tokens
    elif args.unique_tokens is not None:
        rows = [data_constrained_row(law, data_constrained_optimal(plan.flops, args.unique_tokens, law, k), hardware)
                for law, plan in zip(laws, plans, strict=True)]  # fmt: skip
        header.append(f"With {human_count(args.unique_tokens)} unique tokens, repeated as needed (Muennighoff et al. "
                      "2023; R* was fitted with muennighoff2023_c4, so other laws are approximate)")  # fmt: skip
        payload["unique_tokens"] = args.unique_tokens
    if args.json:
        payload.update(flops_per_param_token=k, hardware=hardware, results=rows)
        return json.dumps(payload, indent=2)
    footer = [RECOMMENDATION] if len(laws) > 1 else []
    return "\n".join([*header, "", format_table(rows), *(["", *footer] if footer else [])])


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``chinchilla`` console script: one line and exit 2 on bad input."""
    try:
        text = run(argv)
    except (ValueError, TypeError) as error:
        print(f"chinchilla: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(text)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
