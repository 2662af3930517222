# %% [markdown]
# # Start here: size a language model for your compute budget
#
# This course teaches the Chinchilla scaling laws (Hoffmann et al. 2022) and is, at the same time, a calculator for
# the question every team training a language model has to answer first:
#
# > *I can spend C floating-point operations on training. How many parameters should the model have, on how many
# > tokens should I train it, and what loss can I expect?*
#
# **After this notebook you will be able to**
# - ask that question in one line of Python and read the answer;
# - see that the published parameter sets give different answers, and know which chapter explains why;
# - turn "this many GPUs for this many days" into a budget in FLOPs, with the utilisation stated.
#
# **You need** basic Python. Every number below is computed by `chinchilla_lib`, the library that ships with the
# course; nothing is typed in by hand.

# %%
import matplotlib.pyplot as plt

from chinchilla_lib import LAWS, PUBLISHED_LAWS, cluster_flops, reference, training_flops
from chinchilla_lib.formatting import human_count
from chinchilla_lib.plots import plot_frontier
from chinchilla_lib.tables import compare_laws, format_table

# %% [markdown]
# ## The question in one line
#
# A dense transformer with $N$ parameters trained on $D$ tokens costs about $C = 6ND$ FLOPs (chapter 01 explains
# the 6). For a fixed $C$, a bigger model must see fewer tokens. The Chinchilla paper models the final loss as
#
# $$L(N, D) = E + \frac{A}{N^\alpha} + \frac{B}{D^\beta}$$
#
# and asks which split of the budget minimises it. Here is the answer at Gopher's budget as the paper quotes it,
# $5.76 \times 10^{23}$ FLOPs (Table 3; chapter 01 shows other counts of it), using the constants as printed in the
# paper:

# %%
GOPHER_BUDGET = reference.GOPHER_BUDGET  # 5.76e23 FLOP, Hoffmann et al. 2022, Table 3
law = PUBLISHED_LAWS["hoffmann2022"]
plan = law.compute_optimal(GOPHER_BUDGET)
print(f"{law.citation}")
print(
    f"N = {human_count(plan.params)} parameters, D = {human_count(plan.tokens)} tokens, "
    f"{plan.tokens_per_param:.1f} tokens per parameter, predicted loss {plan.loss:.3f} nats/token"
)

# %% [markdown]
# ## One budget, several answers
#
# The course carries every published parameter set and shows them side by side. The GPU-hours column assumes
# A100s at 40% model FLOPs utilisation (MFU); the course never hides that assumption.

# %%
rows = compare_laws(GOPHER_BUDGET, PUBLISHED_LAWS.values(), hardware={"gpu": "A100", "mfu": 0.4})
print(format_table(rows))

# %% [markdown]
# These are not small differences: the recommended model size ranges from about 32 to 73 billion parameters.
#
# * `hoffmann2022` and `hoffmann2022_tex` are **the same fit**: the paper printed its exponents rounded
#   ($\alpha = 0.34$, $\beta = 0.28$ instead of $0.3392$ and $0.2849$), and the optimum is sensitive enough to move
#   by a quarter. Chapter 02 derives how sensitive.
# * `besiroglu2024` is Epoch AI's **refit of the paper's own runs, as Besiroglu et al. (2024) read them off its
#   Figure 4**: 245 points (they drop the 5 highest losses), each loss read from the figure's colour bar and its tokens
#   inferred as $C/6N$, a subset of the more than 400 runs the paper fitted. The printed constants "fail at fitting
#   the extracted data" (their abstract); they argue that the paper's optimiser stopped early because of the scale
#   of its loss, and that the printed constants are rounded. Their constants give about 20 tokens per parameter
#   (18.4 above), in line with the Chinchilla model itself and with the paper's other two approaches. Chapters 03
#   and 05 tell that story.
# * `besiroglu2024_huber_sum` is what the paper's own objective, summed, gives on the same points (computed here).
# * `sardana2024` and `muennighoff2023_c4` come from later papers that build on the law (chapter 06).
#
# The table holds every law that gives a loss $L(N, D)$ of this form. The course's registry (`chinchilla --list-laws`)
# keeps the others only as frontiers $N_{opt}(C)$, each for its own reason: Hoffmann's Approaches 1
# and 2 and the 20-tokens rule give no loss model (the course fits lines through the paper's Table 3 and Table A3
# rows); DeepSeek LLM, Llama 3 and Porian et al. publish the compute-optimal allocation as a power law of compute;
# of MiniCPM only a ratio of tokens to parameters is usable; and Kaplan et al. (2020), who predate the Chinchilla
# paper, do publish loss laws (their eqs. 1.5 and 1.6, chapter 06), but of another form (no irreducible term) and in
# their own variables (non-embedding parameters; training steps in eq. 1.6), and their compute-optimal
# recommendation is the frontier of their Table 6, which the registry keeps. Chapter 07 puts every law side by side
# with the range it was fitted on.

# %%
frontier_only = [name for name in LAWS if name not in PUBLISHED_LAWS]
print(f"in the table (a loss L(N, D)): {len(rows)} laws; kept only as frontiers: {len(frontier_only)}")
print(", ".join(frontier_only))
assert len(rows) == len(PUBLISHED_LAWS)
assert set(PUBLISHED_LAWS) <= set(LAWS)

# %% [markdown]
# The paper's Figure 4 caption says: "We project the optimal model size given the *Gopher* FLOP budget to be 40B
# parameters." The check below holds the course to the reference values it keeps, each with its kind (printed in a
# paper, or computed by the course) and its source (`chinchilla_lib.reference`; `python -m chinchilla_lib.reference`
# lists them all):

# %%
n_opt = {row["law"]: row["params"] for row in rows}
checks = {
    "hoffmann2022": "hoffmann2022.params_at_gopher_budget_rounded",
    "hoffmann2022_tex": "hoffmann2022.gopher_budget_near_params",  # "40B parameters" in the paper's Fig. 4 caption
    "besiroglu2024": "besiroglu2024.params_at_gopher_budget",
}
for name, key in checks.items():
    expected = reference.get(key)
    assert expected.agrees(n_opt[name]), (name, n_opt[name])
    print(
        f"{name:17s} {human_count(n_opt[name]):>6s}  matches {expected.printed} [{expected.kind}] ({expected.source})"
    )
assert reference.get("hoffmann2022.params_at_gopher_budget_tex").agrees(n_opt["hoffmann2022_tex"])
assert max(n_opt.values()) / 1e9 < 73.5  # the "about 32 to 73" above

# %% [markdown]
# ## The whole frontier
#
# Each law gives a straight line on log-log axes, $N_{opt} \propto C^{a}$. The stars are real models placed at
# their own $6ND$; the dashed line is Gopher's budget. Models above a line are larger (and trained on fewer tokens)
# than that law recommends for their compute.

# %%
plot_frontier(budget=GOPHER_BUDGET)
plt.show()

# %% [markdown]
# ## From hardware to FLOPs
#
# Most budgets arrive as "this many accelerators for this many days". The conversion needs the accelerator's peak
# throughput and the fraction of it a real run sustains (MFU). Here: 256 H100s for 30 days at 40% MFU.

# %%
budget = cluster_flops(256, 30, gpu="H100-SXM", mfu=0.4)
print(f"budget: {budget:.3g} FLOP")
print(format_table(compare_laws(budget, [PUBLISHED_LAWS["hoffmann2022_tex"], PUBLISHED_LAWS["besiroglu2024"]])))
# The round trip holds: the optimum spends exactly the budget.
best = PUBLISHED_LAWS["besiroglu2024"].compute_optimal(budget)
assert abs(training_flops(best.params, best.tokens) / budget - 1) < 1e-12

# %% [markdown]
# ## The same from the command line
#
# The library installs a `chinchilla` command. `chinchilla --flops 5.76e23` prints the table above;
# `chinchilla --gpus 256 --days 30 --gpu H100-SXM --mfu 0.4` starts from hardware; `chinchilla --params 70e9` asks
# how many tokens a given model should see; `--json` prints machine-readable output. The cell below runs the same
# code the command runs:

# %%
from chinchilla_lib.cli import run

print(run(["--params", "70e9", "--law", "hoffmann2022_tex"]))

# %% [markdown]
# ## Course map
#
# | chapter | you will be able to |
# |---|---|
# | [00 Start here](00_start_here.ipynb) | ask the question and read the published answers |
# | [01 Read the loss, count the FLOPs](01_loss_and_budget.ipynb) | read the three terms of the loss, derive C ≈ 6ND, read the loss surface |
# | [02 Derive the compute-optimal model](02_deriving_the_optimum.ipynb) | derive and check N_opt(C) with SymPy; see why rounding moves it |
# | [03 How many tokens for my model?](03_tokens_for_a_model.ipynb) | derive D*(N) = γN^φ, weigh it against 20 tokens/parameter, cost it in GPU-hours |
# | [04 Explore budgets](04_budget_explorer.ipynb) | size a model for any budget or cluster with sliders; also a Voilà app (`make app`) |
# | [05 Fit the law to training runs](05_fitting_the_law.ipynb) | fit Approaches 3, 2 and 1, refit the paper's Figure 4 runs and see what an early-stopped fit gives, put error bars on a fit |
# | [06 Beyond Chinchilla](06_beyond_chinchilla.ipynb) | size for inference (in FLOPs and dollars), plan with repeated data, compare Kaplan's law |
# | [07 Which law should I trust?](07_which_law.ipynb) | every published compute-optimal law side by side, with its range, why they differ, and which to use |
#
# Each chapter states its objectives at the top and ends with exercises that grade your answer.
#
# ## Reference and teaching
#
# - [Glossary](../docs/glossary.md): every term the course uses, in a line or two.
# - [Formula sheet](../docs/formulas.md): every formula of the course on one page, each with its source (paper,
#   equation or table, arXiv id).

# %% [markdown] tags=["teacher"]
# **For teachers.** The [teacher's guide](../TEACHING.md) has lesson plans for a 90-minute class (chapters 01–03) and
# a second session, discussion questions, the misconceptions students bring, and how to use the explorer live. The
# [solutions](solutions/) folder holds the same notebooks with every exercise answered. From
# the repository: `make student` writes a student edition without solutions to `build/student/`, `make slides` the
# lecture slides of chapters 01–03 to `build/slides/`, `make book` the course as a website to `build/book/`.
# (This cell is tagged `teacher`: the student edition and the website leave it out.)

# %% [markdown]
# ## References
# - J. Hoffmann et al., "Training Compute-Optimal Large Language Models", 2022, arXiv:2203.15556.
# - T. Besiroglu, E. Erdil, M. Barnett, J. You, "Chinchilla Scaling: A replication attempt", 2024, arXiv:2404.10102.
