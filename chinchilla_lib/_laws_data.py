r"""The registry of published compute-optimal laws, as data.

One entry per law: the constants as printed (or, for entries marked ``computed``, as computed here from published
tables or data), the citation naming the equation or table, what N, D and C count in the source, the conversion
the library applies to put the law's compute on Hoffmann et al.'s footing (C = 6·N·D; N stays as the source counts
it, which ``params_counted`` records: total parameters for Hoffmann et al., non-embedding ones for Kaplan et al.,
DeepSeek, Porian et al. and MiniCPM), the range of budgets and model sizes it was fitted on, the data set and a
one-line note. :mod:`chinchilla_lib.laws` builds the
law objects (and their docstrings) from these dicts; nothing else reads them.

Kept as a Python literal rather than TOML because the package supports Python 3.10, whose standard library has no
TOML reader; every value below is a plain literal, so the table reads like a data file.

Kinds
-----
``parametric``
    :math:`L(N, D) = E + A/N^\\alpha + B/D^\\beta`; keys ``E, A, B, alpha, beta``.
``frontier``
    A frontier-only law, ``form`` saying what its printed power law gives:
    ``"params"``: :math:`y = c\\,(f C / u)^{e}` with N = y / ``quantity_per_param``;
    ``"tokens"``: D = :math:`c\\,(f C / u)^{e}`; ``"ratio"``: D/N = c. Here c = ``coefficient``, e = ``exponent``,
    f = ``flops_fraction`` (the law's own C as a fraction of training FLOPs) and u = ``flops_unit`` [FLOP].

Ranges
------
``fitted_flops`` [FLOP] and ``fitted_params`` [parameters] are (low, high) or None when the source does not state
them. When only ``fitted_params`` is known, the library derives the budget range as the budgets at which the law
itself recommends the smallest and the largest model it was fitted on ([computed]; see ``range_source``).
"""

from __future__ import annotations

from typing import Any

HOFFMANN = 'Hoffmann et al. 2022, "Training Compute-Optimal Large Language Models", arXiv:2203.15556'
BESIROGLU = 'Besiroglu, Erdil, Barnett, You 2024, "Chinchilla Scaling: A replication attempt", arXiv:2404.10102'

_HOFFMANN_COUNTS = {
    "params_counted": "total parameters, embeddings included (App. F)",
    "tokens_counted": "training tokens (MassiveText)",
    "flops_counted": "C = 6·N·D (the paper's exact count differs by -1%..+10%, Table A4)",
    "conversion": "none: the law is on this footing already",
    "dataset": "MassiveText (Hoffmann et al.'s runs)",
}
_FIGURE4_RANGE = {
    # [computed] min and max of Epoch AI's extraction of Figure 4 (../shared/data/chinchilla_figure4_epoch2024.csv),
    # all 245 points; tests/test_registry.py checks these against the file.
    "fitted_flops": (1.4e18, 1.3e22),
    "fitted_params": (5.7e7, 1.6e10),
    "range_source": "[computed] the budgets and model sizes of the Figure 4 runs as extracted by Besiroglu et al.",
}

LAW_DATA: tuple[dict[str, Any], ...] = (
    {
        "key": "hoffmann2022",
        "kind": "parametric",
        "label": "Hoffmann 2022, Approach 3 (rounded)",
        "E": 1.69,
        "A": 406.4,
        "B": 410.7,
        "alpha": 0.34,
        "beta": 0.28,
        "printed": "L = 1.69 + 406.4/N^0.34 + 410.7/D^0.28",
        "citation": f"{HOFFMANN}, eq. (10) / App. D.2 (Approach 3, rounded as printed)",
        "note": "The constants as printed in the paper. Rounding alpha 0.3392->0.34 and beta 0.2849->0.28 "
        "moves the optimum at Gopher's budget from 40B to 32B parameters.",
        **_HOFFMANN_COUNTS,
        **_FIGURE4_RANGE,
    },
    {
        "key": "hoffmann2022_tex",
        "kind": "parametric",
        "label": "Hoffmann 2022, Approach 3 (TeX)",
        "E": 1.69337,
        "A": 406.401,
        "B": 410.7228,
        "alpha": 0.33917084,
        "beta": 0.2849083,
        "printed": "E=1.69337, A=406.401, B=410.7228, alpha=0.33917084, beta=0.2849083 (TeX source)",
        "citation": f"{HOFFMANN}, eq. (10), unrounded values from the paper's TeX source",
        "note": "The same Approach 3 fit before rounding, as recovered by Besiroglu et al. 2024; it reproduces "
        "the paper's Figure 4 statement of ~40B parameters at Gopher's budget.",
        **_HOFFMANN_COUNTS,
        **_FIGURE4_RANGE,
    },
    {
        "key": "hoffmann2022_approach1",
        "kind": "frontier",
        "label": "Hoffmann 2022, Approach 1 (Table 3 fit)",
        "form": "params",
        "coefficient": 0.0,
        "exponent": 0.0,  # filled in by laws.py from Table 3 (least squares in log space)
        "computed": True,
        "fit_rows": "hoffmann2022.table3",  # chinchilla_lib.reference
        "printed": "no constants printed; Table 3 lists (N, C, D) rows and Table 2 gives a = 0.50",
        "citation": f"{HOFFMANN}, Table 3 (Approach 1 projections), fitted here: log N = log G + a log C",
        "note": "[computed] Least-squares line through Table 3's nine (C, N) rows in log space; the rows the "
        "'20 tokens per parameter' rule comes from.",
        **_HOFFMANN_COUNTS,
        "fitted_params": (7e7, 1e10),
        "range_source": "model sizes 70M-10B (Sec. 3.1); budgets [computed] where this frontier puts those sizes",
    },
    {
        "key": "hoffmann2022_approach2",
        "kind": "frontier",
        "label": "Hoffmann 2022, Approach 2 (Table A3 fit)",
        "form": "params",
        "coefficient": 0.0,
        "exponent": 0.0,  # filled in by laws.py from Table A3
        "computed": True,
        "fit_rows": "hoffmann2022.table_a3_approach2",  # chinchilla_lib.reference
        "printed": "no constants printed; Table A3 lists (N, C, D) rows and Table 2 gives a = 0.49",
        "citation": f"{HOFFMANN}, Table A3, Approach 2 columns, fitted here: log N = log G + a log C",
        "note": "[computed] Least-squares line through Table A3's nine Approach-2 (C, N) rows in log space; its "
        "tokens per parameter drift from ~19 (400M) to ~29 (10T).",
        **_HOFFMANN_COUNTS,
        "fitted_flops": (6e18, 3e21),
        "range_source": "IsoFLOP budgets 6e18-3e21 FLOP (Sec. 3.2)",
    },
    {
        "key": "besiroglu2024",
        "kind": "parametric",
        "label": "Besiroglu 2024 (printed)",
        "E": 1.8172,
        "A": 482.01,
        "B": 2085.43,
        "alpha": 0.3478,
        "beta": 0.3658,
        "printed": "L = 1.8172 + 482.01/N^0.3478 + 2085.43/D^0.3658",
        "citation": f"{BESIROGLU}, eq. (4)",
        "note": "Refit of Hoffmann et al.'s runs as read off their Figure 4 (245 points, the 5 highest losses dropped: "
        "240; losses quantised by the colour bar, tokens inferred as C/6N). A, B, alpha, beta come from a "
        "Huber-likelihood fit with a fitted scale (in effect L1); E from their grid fit of the summed Huber loss. "
        "~20 tokens/param at Chinchilla's scale.",
        **_HOFFMANN_COUNTS,
        "dataset": "Hoffmann et al.'s Figure 4 runs (MassiveText), read off the figure: 240 points",
        **_FIGURE4_RANGE,
    },
    {
        "key": "besiroglu2024_huber_sum",
        "kind": "parametric",
        "label": "Besiroglu 2024 data, summed Huber",
        # [computed] fit_parametric (delta 1e-3, the paper's 4,500 starts, Huber losses summed) on the 240 points;
        # tests/test_registry.py refits and checks these digits.
        "E": 1.817218,
        "A": 477.8259,
        "B": 2143.417,
        "alpha": 0.3473105,
        "beta": 0.3671724,
        "computed": True,
        "printed": "not printed: the optimum of the paper's own objective on the 240 points, computed here",
        "citation": f"{BESIROGLU}: their extraction of Hoffmann et al.'s Figure 4 (240 points), refit here with "
        "Hoffmann et al.'s Approach-3 objective (App. D.2), Huber losses summed",
        "note": "[computed] What a reader gets by running Approach 3 as the paper describes it (delta 1e-3, 4,500 "
        "starts, summed Huber) on the 240 points; objective 1.0182740e-3.",
        **_HOFFMANN_COUNTS,
        "dataset": "Hoffmann et al.'s Figure 4 runs (MassiveText), read off the figure: 240 points",
        **_FIGURE4_RANGE,
    },
    {
        "key": "sardana2024",
        "kind": "parametric",
        "label": "Sardana 2024",
        "E": 1.69,
        "A": 406.4,
        "B": 410.7,
        "alpha": 0.336,
        "beta": 0.283,
        "printed": "E=1.69, A=406.4, B=410.7, alpha=0.336, beta=0.283",
        "citation": 'Sardana, Portes, Doubov, Frankle 2024, "Beyond Chinchilla-Optimal", arXiv:2401.00448, Sec. 2',
        "note": "Hoffmann's rounded A, B, E with alpha=0.336, beta=0.283, which are not Hoffmann's exponents to "
        "three digits (0.339, 0.285); a secondary source traces them to Sardana et al. following De Vries.",
        **_HOFFMANN_COUNTS,
        **_FIGURE4_RANGE,
        "range_source": "inherited from Hoffmann et al.'s Approach 3 (no new fit): the Figure 4 runs",
    },
    {
        "key": "muennighoff2023_c4",
        "kind": "parametric",
        "label": "Muennighoff 2023 (C4)",
        "log_E": 0.6254804,
        "log_A": 6.255414,
        "log_B": 7.3049974,
        "alpha": 0.3526596,
        "beta": 0.3526596,
        "printed": "log E = 0.6254804, log A = 6.255414, log B = 7.3049974, alpha = beta = 0.3526596",
        "citation": 'Muennighoff et al. 2023, "Scaling Data-Constrained Language Models", arXiv:2305.16264, '
        "App. (fitted C4 law)",
        "note": "Fitted on C4 with alpha = beta tied, so N_opt and D_opt both grow as C^0.5; published as "
        "log A, log B, log E, exponentiated here. The base law of the data-constrained extension.",
        "params_counted": "parameters as in the authors' code (counting not restated here)",
        "tokens_counted": "training tokens (C4)",
        "flops_counted": "C = 6·N·D",
        "conversion": "none",
        "dataset": "C4",
        "range_source": "not recorded here",
    },
    {
        "key": "kaplan2020",
        "kind": "frontier",
        "label": "Kaplan 2020 (Table 6)",
        "form": "params",
        "coefficient": 1.3e9,
        "exponent": 0.73,
        "flops_unit": 8.64e19,
        "flops_fraction": 0.5,
        "printed": "N_opt = 1.3e9 · C_min^0.73, C_min in PF-days",
        "citation": 'Kaplan et al. 2020, "Scaling Laws for Neural Language Models", arXiv:2001.08361, Table 6',
        "note": "The compute-efficient frontier read with C_min = C/2: C_min is the minimum compute to reach a given "
        "loss (a run at a batch far below the critical batch size), and a run at the critical batch size spends "
        "2·C_min (Sec. 1.3, eq. 5.5). This reading reproduces Hoffmann et al.'s 'Kaplan predicts 4.68B at 1e21 "
        "FLOPs' (App. D.4); C_min = C gives 7.77B.",
        "params_counted": "non-embedding parameters",
        "tokens_counted": "training tokens (WebText2)",
        "flops_counted": "C_min in PF-days (8.64e19 FLOP): the minimum non-embedding compute to reach a given loss "
        "(Sec. 1.3, eq. 5.5)",
        "conversion": "C_min = C/2 (a budget C spent at the critical batch size) with C taken as total training FLOPs "
        "and 1 PF-day = 8.64e19 FLOP; N left non-embedding; D = C/(6N), not Table 6's D_opt = 2e10·C_min^0.27",
        "dataset": "WebText2",
        "fitted_params": (768.0, 1.5e9),
        "range_source": "model sizes 768 to 1.5B non-embedding parameters (Sec. 3); budgets [computed] where "
        "this frontier puts those sizes",
    },
    {
        "key": "deepseek2024",
        "kind": "frontier",
        "label": "DeepSeek 2024",
        "form": "params",
        "coefficient": 0.1715,
        "exponent": 0.5243,
        "quantity_per_param": 6.0,
        "printed": "M_opt = 0.1715 · C^0.5243, D_opt = 5.8316 · C^0.4757, C = M·D",
        "citation": 'Bi et al. 2024, "DeepSeek LLM", arXiv:2401.02954, eq. (4)',
        "note": "Fitted with M, the non-embedding FLOPs per token including attention, instead of 6N; the "
        "exponent depends on the data (0.450, 0.524, 0.578 in Table 4).",
        "params_counted": "M = non-embedding FLOPs per token incl. attention (72·n_layer·d² + 12·n_layer·d·l_seq)",
        "tokens_counted": "training tokens (DeepSeek's in-house corpus)",
        "flops_counted": "C = M·D",
        "conversion": "M ≈ 6N, so N = M/6 = 0.02858·C^0.5243 and D = C/(6N) = C/M (ignores the attention term "
        "12·n_layer·d·l_seq, which adds 12·l_seq/(72·d) ≈ 17% to 72·n_layer·d² at d = l_seq = 4096); N stays "
        "non-embedding (6N₁ = 72·n_layer·d², Sec. 3.2)",
        "dataset": "DeepSeek's current in-house data (Table 4: a = 0.524)",
        "fitted_flops": (1e17, 3e20),
        "range_source": "8 budgets 1e17-3e20 FLOP (Sec. 3)",
    },
    {
        "key": "llama3_2024",
        "kind": "frontier",
        "label": "Llama 3 2024 (text)",
        "form": "tokens",
        "coefficient": 0.29,
        "exponent": 0.53,
        "printed": "N*(C) = A·C^alpha [tokens], (alpha, A) = (0.53, 0.29)",
        "citation": 'Dubey et al. 2024, "The Llama 3 Herd of Models", arXiv:2407.21783, Sec. 3.2.1 (text)',
        "note": "The optimal number of training tokens as printed in the text; it gives 10.5T tokens at 3.8e25, "
        "not the 16.55T of the paper's headline.",
        "params_counted": "parameters (the law gives tokens; N = C/(6D) here)",
        "tokens_counted": "training tokens",
        "flops_counted": "training FLOPs",
        "conversion": "N = C/(6·D)",
        "dataset": "Llama 3's pre-training mix",
        "fitted_flops": (6e18, 1e22),
        "fitted_params": (4e7, 1.6e10),
        "range_source": "IsoFLOP runs 6e18-1e22 FLOP, 40M-16B parameters (Sec. 3.2.1)",
    },
    {
        "key": "llama3_2024_fig3",
        "kind": "frontier",
        "label": "Llama 3 2024 (Fig. 3 legend)",
        "form": "tokens",
        "coefficient": 0.299,
        "exponent": 0.537,
        "printed": "N*(C) = A·C^alpha [tokens], (alpha, A) = (0.537, 0.299)",
        "citation": 'Dubey et al. 2024, "The Llama 3 Herd of Models", arXiv:2407.21783, Figure 3 (legend)',
        "note": "The same fit as printed in Figure 3's legend; only these digits reproduce the headline "
        "(16.3T tokens at 3.8e25 against the 16.55T quoted).",
        "params_counted": "parameters (the law gives tokens; N = C/(6D) here)",
        "tokens_counted": "training tokens",
        "flops_counted": "training FLOPs",
        "conversion": "N = C/(6·D)",
        "dataset": "Llama 3's pre-training mix",
        "fitted_flops": (6e18, 1e22),
        "fitted_params": (4e7, 1.6e10),
        "range_source": "IsoFLOP runs 6e18-1e22 FLOP, 40M-16B parameters (Sec. 3.2.1)",
    },
    {
        "key": "porian2024",
        "kind": "frontier",
        "label": "Porian 2024",
        "form": "params",
        "coefficient": 0.1189,
        "exponent": 0.4969,
        "printed": "N* = 0.1189 · C^0.4969",
        "citation": 'Porian et al. 2024, "Resolving Discrepancies in Compute-Optimal Scaling of Language Models", '
        "arXiv:2406.19146, final RefinedWeb fit (values from the authors' repository)",
        "note": "Kaplan's setup reproduced, then corrected: counting last-layer FLOPs, correcting the warmup, and "
        "tuning LR, batch size and AdamW beta2 per model size with a constant learning rate (no decay) recovers "
        "Chinchilla's exponent; a cosine decay matched to each run, tried instead of the tuning, does not, and the "
        "abstract finds careful decay not essential. ~15-17 tokens per parameter.",
        "params_counted": "non-embedding parameters plus the output layer",
        "tokens_counted": "training tokens (RefinedWeb)",
        "flops_counted": "C = 6·N·D",
        "conversion": "none: C = 6·N·D as the paper counts it; N stays non-embedding (output layer counted)",
        "dataset": "RefinedWeb",
        "fitted_flops": (1.25e16, 2.56e19),
        "fitted_params": (5e6, 9.01e8),
        "range_source": "1.25e16-2.56e19 FLOP, 5M-901M parameters (authors' repository)",
    },
    {
        "key": "minicpm2024",
        "kind": "frontier",
        "label": "MiniCPM 2024 (192 tokens/param)",
        "form": "ratio",
        "coefficient": 192.0,
        "exponent": 0.0,
        "printed": '"192 times" more tokens than parameters on average',
        "citation": 'Hu et al. 2024, "MiniCPM", arXiv:2404.06395, Sec. 4.5',
        "note": "Only the ratio is usable (its K^2 and eta constants depend on an unstated unit of C); it is "
        "extrapolated from runs that never exceed 60 tokens/param.",
        "params_counted": "non-embedding parameters",
        "tokens_counted": "training tokens",
        "flops_counted": "C = 6·N·D",
        "conversion": "D = 192·N with C = 6·N·D, so N = (C/1152)^(1/2); N stays non-embedding",
        "dataset": "MiniCPM's pre-training data, WSD schedule",
        "range_source": "not stated; the ratio itself is extrapolated",
        "caveat": "192 tokens/param lies beyond the <= 60 tokens/param of the runs it is extrapolated from",
    },
    {
        "key": "rule_of_thumb_20",
        "kind": "frontier",
        "label": "20 tokens per parameter",
        "form": "ratio",
        "coefficient": 20.0,
        "exponent": 0.0,
        "printed": "D = 20·N",
        "citation": f"{HOFFMANN}, Table 3 (Approach 1 projections: 8.0B tokens for 400M ... 21.2T for 1T)",
        "note": "The rule of thumb read off Table 3's rows (not from Approach 3, whose rounded constants say 109 "
        "at 70B); the trained Chinchilla has 1.4T/70B = 20.",
        **_HOFFMANN_COUNTS,
        "conversion": "D = 20·N with C = 6·N·D, so N = (C/120)^(1/2)",
        "fitted_params": (7e7, 1e10),
        "range_source": "Approach 1's model sizes 70M-10B (Sec. 3.1); budgets [computed] where the rule puts them",
    },
)
"""Every law of the registry, in the order the CLI and the chapter list them."""

PORIAN_STEPS: tuple[tuple[str, float], ...] = (
    ("(a) Kaplan's setup reproduced (RefinedWeb)", 0.835),
    ("(b) = (a) + last-layer FLOPs counted", 0.707),
    ("(c) = (b) + warmup corrected", 0.602),
    ("(d) = (c) + cosine decay matched to each run", 0.572),
    ("(e) = (c) + LR, batch, AdamW beta2 tuned; constant LR", 0.497),
)
"""Porian et al. 2024 (arXiv:2406.19146), Figure 1: the exponent a of N_opt ∝ C^a in each configuration.

(a)-(c) apply the corrections in turn; (d) and (e) each start from (c). (e), the final configuration (``porian2024``),
tunes the optimizer per model size with a constant learning rate (the repository's "Optimizer tuning (no decay)");
(d) adds a cosine decay matched to each run instead. Numbers re-extracted from the authors' repository
formll/resolving-scaling-law-discrepancies (configs.py and paper_figures.py give the labels and the branching;
FACTS.md)."""

DEEPSEEK_DATA_EXPONENTS: tuple[tuple[str, float], ...] = (
    ("early in-house data", 0.450),
    ("current in-house data", 0.524),
    ("OpenWebText2", 0.578),
)
"""Bi et al. 2024 (DeepSeek LLM, arXiv:2401.02954), Table 4: the exponent a of M_opt ∝ C^a on three data sets."""

RECOMMENDED_LAW = "besiroglu2024_huber_sum"
"""The key of the law the course recommends (see :data:`RECOMMENDATION`)."""

RECOMMENDATION = (
    "Recommended: besiroglu2024_huber_sum, the paper's own objective (App. D.2, Huber losses summed) refit on "
    "Hoffmann et al.'s runs as Besiroglu et al. read them off its Figure 4 (240 points; ~18 tokens/param at "
    "Chinchilla's budget, near Approaches 1-2 and Chinchilla's 20); caveat: fitted up to 1.3e22 FLOP on one data set."
)
"""The one-line hint the CLI prints and chapter 07 argues for."""
