# %% [markdown]
# # 03 · How many tokens for my model?
#
# **After this chapter you will be able to**
# - derive $D^*(N) = \gamma N^{\phi}$, the compute-optimal number of training tokens for a model of a given size;
# - explain why "20 tokens per parameter" and $\gamma N^\phi$ disagree, law by law;
# - turn a training plan into GPU-hours with the peak throughput and the utilisation stated, and see how hidden
#   assumptions make two calculators disagree threefold.
#
# **You need** chapter 02.

# %%
import matplotlib.pyplot as plt
import sympy as sp
from IPython.display import display

from chinchilla_lib import KNOWN_MODELS, PUBLISHED_LAWS, flops_to_gpu_hours, training_flops
from chinchilla_lib import exercises as ex
from chinchilla_lib.formatting import human_count
from chinchilla_lib.plots import plot_tokens_for_params
from chinchilla_lib.symbolic import same_in_logs

N, C, k, A, B, alpha, beta = sp.symbols("N C k A B alpha beta", positive=True)

# %% [markdown]
# ## 1. Turn the question around
#
# Chapter 02 answered "given $C$, which $N$?". Often the model size is fixed first (by memory, latency or a
# product decision) and the question is how long to train it. The trick, as in the calculator post this course grew
# from: find the budget $C_N$ for which $N$ *is* the optimal size, and read off its $D_{opt} = C_N/(kN)$.

# %%
G = (alpha * A / (beta * B)) ** (1 / (alpha + beta))
a = beta / (alpha + beta)
N_opt = G * (C / k) ** a
(C_N,) = sp.solve(sp.Eq(N, N_opt), C)  # the budget at which N is compute-optimal
display(sp.Eq(sp.Symbol("C_N"), C_N))
D_star = C_N / (k * N)
gamma = (beta * B / (alpha * A)) ** (1 / beta)
phi = alpha / beta
display(sp.Eq(sp.Symbol("D^*(N)"), gamma * N**phi))
assert same_in_logs(D_star, gamma * N**phi)
assert k not in (gamma * N**phi).free_symbols  # D*(N) does not depend on k

# %% [markdown]
# $$D^*(N) = \gamma N^{\phi}, \qquad \gamma = \left(\frac{\beta B}{\alpha A}\right)^{1/\beta}, \qquad
# \phi = \frac{\alpha}{\beta}.$$
#
# The factor $k$ cancels: however you count FLOPs, the right number of tokens for a model is the same. With the
# paper's rounded constants:

# %%
rounded = PUBLISHED_LAWS["hoffmann2022"]
values = {A: rounded.A, B: rounded.B, alpha: rounded.alpha, beta: rounded.beta}
print(f"gamma = {float(gamma.subs(values)):.4f}, phi = {float(phi.subs(values)):.4f}")
assert abs(rounded.gamma - float(gamma.subs(values))) < 1e-12 * rounded.gamma
assert abs(rounded.gamma - 0.519) < 5e-4  # the calculator post's gamma ≈ 0.519
assert abs(rounded.phi - 1.214) < 5e-4  # and phi ≈ 1.214

# %% [markdown]
# ## 2. The picture, with real models
#
# Each law is a straight line on log-log axes; the dashed line is the rule of thumb of 20 tokens per parameter.
# Stars are real models at their reported size and training tokens.

# %%
plot_tokens_for_params()
plt.show()

# %% [markdown]
# ## 3. Twenty tokens per parameter, or a hundred?
#
# Because $\phi > 1$ under Hoffmann's Approach 3 constants, tokens per parameter *grow* with model size:
# $D^*/N = \gamma N^{\phi - 1}$. Under Epoch's refit $\phi < 1$ and the ratio is nearly flat. Law by law:

# %%
sizes = [1e9, 7e9, 70e9, 400e9]
print(f"{'law':20s}" + "".join(f"{human_count(n):>9s}" for n in sizes) + "    phi")
for name, law in PUBLISHED_LAWS.items():
    ratios = law.optimal_tokens(sizes) / sizes
    print(f"{name:20s}" + "".join(f"{r:9.1f}" for r in ratios) + f"  {law.phi:.3f}")
per_param_70b = rounded.optimal_tokens(70e9) / 70e9
print(f"\nChinchilla itself: {KNOWN_MODELS['Chinchilla'].tokens_per_param:.0f} tokens per parameter; "
      f"hoffmann2022 says a 70B model should see {human_count(rounded.optimal_tokens(70e9))} "
      f"({per_param_70b:.0f} per parameter)")
assert abs(rounded.optimal_tokens(70e9) / 1e12 - 7.66) < 0.005  # FACTS: ≈7.66T
assert abs(per_param_70b - 109) < 0.5  # FACTS: ≈109 tokens per parameter
unrounded_drop = 1 - PUBLISHED_LAWS["hoffmann2022_tex"].optimal_tokens(70e9) / rounded.optimal_tokens(70e9)
print(f"the unrounded constants ask {unrounded_drop:.0%} fewer tokens for 70B")
assert 0.35 < unrounded_drop < 0.45  # "about 40%" below

# %% [markdown]
# So the same paper gives both "20" and "109" for a 70B model. Three things are going on.
#
# 1. **Different approaches.** The paper estimates the optimum three ways. Approaches 1 and 2 (training-curve
#    envelopes and iso-FLOP valleys) give $N_{opt} \propto C^{0.50}$ and $C^{0.49}$: tokens per parameter nearly
#    constant, about 20 (Table 3, and the trained Chinchilla). Approach 3, the parametric fit that gives
#    $\gamma N^\phi$, says $C^{0.46}$.
# 2. **Rounding.** $\phi = \alpha/\beta$ is a ratio of two small rounded numbers. With the unrounded constants the
#    70B figure drops by about 40% (table above).
# 3. **The fit itself.** Besiroglu et al. (2024) refitted the paper's own data and found that the original
#    optimiser stopped early; their refit gives $\phi < 1$ and about 20 tokens per parameter, agreeing with
#    Approaches 1 and 2. Chapter 05 reproduces this.
#
# The practical reading: for models near Chinchilla's scale, about 20 tokens per parameter is what the evidence
# supports; $\gamma N^\phi$ with the printed constants over-states it, increasingly so for larger models.

# %%
epoch = PUBLISHED_LAWS["besiroglu2024"]
epoch_ratio = epoch.compute_optimal(training_flops(70e9, 1.4e12)).tokens_per_param
print(f"besiroglu2024 at Chinchilla's budget: {epoch_ratio:.1f} tokens per parameter")
assert abs(epoch_ratio - 20) < 2  # FACTS: ≈20 at Chinchilla's scale

# %% [markdown]
# ## 4. From tokens to GPU-hours
#
# A plan in FLOPs becomes time through two numbers that calculators often hide: the accelerator's **peak**
# throughput and the **model FLOPs utilisation** (MFU) the run sustains.
#
# $$\text{GPU-hours} = \frac{kND}{3600 \cdot \text{peak} \cdot \text{MFU}}$$
#
# Here is a 7B model trained on 140B tokens (20 per parameter) on A100s (312 TFLOP/s dense BF16) at 40% MFU, and
# what the same plan costs when each hidden assumption changes:

# %%
params, tokens = 7e9, 140e9
baseline = flops_to_gpu_hours(training_flops(params, tokens), gpu="A100", mfu=0.4)
variants = [
    ("A100 peak 312 TFLOP/s, MFU 40%, k = 6", "A100", None, 0.4, 6.0),
    ("peak taken as 100 TFLOP/s", None, 100e12, 0.4, 6.0),
    ("MFU taken as 100%", "A100", None, 1.0, 6.0),
    ("k = 8 (recomputation)", "A100", None, 0.4, 8.0),
    ("H100 SXM instead of A100", "H100-SXM", None, 0.4, 6.0),
]
for label, gpu, peak, mfu, flops_per_token in variants:
    hours = flops_to_gpu_hours(training_flops(params, tokens, flops_per_token), gpu=gpu, peak_flops=peak, mfu=mfu)
    print(f"{label:40s} {hours:10.4g} GPU-hours  ({hours / baseline:.2f}x)")
spread = flops_to_gpu_hours(training_flops(params, tokens), peak_flops=100e12, mfu=0.4) / baseline
assert abs(spread - 3.12) < 0.005

# %% [markdown]
# A calculator that silently uses 100 TFLOP/s as "the" GPU speed answers 3.1 times higher than one that uses the
# A100's datasheet peak; one that forgets MFU answers 2.5 times lower. Neither is wrong, but neither is comparable
# unless it says what it assumed. `chinchilla_lib` makes MFU a required argument for this reason.
#
# ## Summary
#
# * $D^*(N) = \gamma N^{\phi}$ with $\gamma = (\beta B/(\alpha A))^{1/\beta}$, $\phi = \alpha/\beta$: the
#   compute-optimal tokens for a model of size $N$, independent of $k$.
# * With the printed constants $\gamma \approx 0.519$, $\phi \approx 1.214$: about 109 tokens per parameter at 70B,
#   against about 20 from the paper's other approaches, the trained Chinchilla and Epoch's refit.
# * Converting to GPU-hours needs the peak and the MFU; state both.
#
# ## Exercises
#
# Give numbers to the precision each question asks for.
#
# **1.** How many tokens should a 7B-parameter model see under `hoffmann2022`'s $\gamma N^\phi$?
# (3 significant figures)

# %%
answer = None

# %% tags=["solution"]
answer = PUBLISHED_LAWS["hoffmann2022"].optimal_tokens(7e9)

# %%
ex.check_tokens_for_seven_billion(answer)

# %% [markdown]
# **2.** How many A100-hours does it take to train 7B parameters on 140B tokens at 40% MFU ($k = 6$)?
# (3 significant figures)

# %%
answer = None

# %% tags=["solution"]
answer = flops_to_gpu_hours(training_flops(7e9, 140e9), gpu="A100", mfu=0.4)

# %%
ex.check_gpu_hours_for_seven_billion(answer)

# %% [markdown]
# **3.** A team trains a 7B model on many times $D^*(7 \times 10^9)$ tokens. Which is the best reason? Answer with a
# letter.
#
# - **a.** $D^*$ is wrong: the law says 20 tokens per parameter.
# - **b.** Beyond $D^*$ the loss stops falling, so the extra tokens are a safety margin.
# - **c.** The model will serve many tokens, and a smaller model trained longer reaches a given loss at less total
#   compute.
# - **d.** The law predicts a higher loss beyond $D^*$.

# %%
answer = None

# %% tags=["solution"]
answer = "c"

# %%
ex.check_why_train_longer(answer)

# %% [markdown]
# ## In practice
#
# * Models meant to be served for long are deliberately trained far beyond $D^*(N)$ (Llama 3 8B saw about 15T
#   tokens): a smaller model is cheaper to run. Chapter 06 makes that trade-off precise.
# * Check MFU on your own stack: 30–50% is typical for large dense training runs, much lower for small models or
#   slow interconnects.
#
# ## References
# - J. Hoffmann et al., 2022, arXiv:2203.15556: Tables 2, 3 and A3.
# - T. Besiroglu et al., 2024, arXiv:2404.10102.
# - NVIDIA A100 and H100 datasheets (dense BF16 peak).
