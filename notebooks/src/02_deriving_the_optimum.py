# %% [markdown] slideshow={"slide_type": "slide"}
# # 02 · Derive the compute-optimal model with SymPy
#
# **After this chapter you will be able to**
# - derive $N_{opt}(C)$ and $D_{opt}(C)$ by substituting the budget and solving $\partial L/\partial N = 0$;
# - show that the stationary point is the minimum, and that a Lagrange multiplier gives the same answer;
# - check a symbolic result against a numerical library, not only by reading its LaTeX;
# - explain why rounding the exponents ($\alpha$ 0.3392 → 0.34, $\beta$ 0.2849 → 0.28) moves the optimum at
#   Gopher's budget by a quarter, and which of the two roundings does most of it.
#
# **You need** chapter 01 and one-variable calculus. SymPy does the algebra; we check every step.

# %% slideshow={"slide_type": "skip"}
import numpy as np
import sympy as sp
from IPython.display import display

from chinchilla_lib import PUBLISHED_LAWS, reference
from chinchilla_lib import exercises as ex
from chinchilla_lib.formatting import human_count
from chinchilla_lib.symbolic import same_in_logs

N, D, C, k, A, B, E, alpha, beta = sp.symbols("N D C k A B E alpha beta", positive=True)
lam, u = sp.symbols("lambda u", real=True)
# same_in_logs(x, y): equality of positive expressions checked through their logarithms, where SymPy cancels
# products of symbolic powers reliably (chinchilla_lib.symbolic)


# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. Put the budget into the loss
#
# The loss depends on two quantities, but a fixed budget $C = kND$ ties them: $D = C/(kN)$. Substituting leaves a
# function of $N$ alone, the iso-FLOP profile of chapter 01.

# %%
L = E + A / N**alpha + B / D**beta
L_C = L.subs(D, C / (k * N))
display(sp.Eq(sp.Symbol("L"), L))
display(sp.Eq(sp.Symbol("L_C"), L_C))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Differentiate
#
# SymPy's derivative, and the form we expect by hand: the model term falls as $N$ grows, the data term rises
# because each extra parameter costs tokens.

# %%
dL = sp.diff(L_C, N)
expected_dL = -alpha * A * N ** (-alpha - 1) + beta * B * (C / k) ** (-beta) * N ** (beta - 1)
display(sp.Eq(sp.Derivative(sp.Symbol("L_C"), N), expected_dL))
assert sp.simplify(dL - expected_dL) == 0

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. Set it to zero and solve
#
# Multiplying $\partial L/\partial N = 0$ by $N^{\alpha+1}$ separates $N$:
#
# $$\alpha A = \beta B \left(\frac{C}{k}\right)^{-\beta} N^{\alpha+\beta}.$$

# %%
condition = sp.Eq(alpha * A, beta * B * (C / k) ** (-beta) * N ** (alpha + beta))
assert sp.simplify(sp.expand(dL * N ** (alpha + 1)) - (condition.rhs - condition.lhs)) == 0
display(condition)
(N_solved,) = sp.solve(condition, N)
display(sp.Eq(sp.Symbol("N_opt"), N_solved))

# %% [markdown]
# The paper (eq. 4) writes the same result as a coefficient $G$ times a power of the budget:
#
# $$N_{opt}(C) = G \left(\frac{C}{k}\right)^{a}, \quad D_{opt}(C) = G^{-1}\left(\frac{C}{k}\right)^{b}, \quad
# G = \left(\frac{\alpha A}{\beta B}\right)^{\frac{1}{\alpha+\beta}}, \quad a = \frac{\beta}{\alpha+\beta}, \quad
# b = \frac{\alpha}{\alpha+\beta}.$$
#
# We check that SymPy's solution is that form, and that $D_{opt} = C/(k N_{opt})$ is too.

# %%
G = (alpha * A / (beta * B)) ** (1 / (alpha + beta))
a = beta / (alpha + beta)
b = alpha / (alpha + beta)
N_opt = G * (C / k) ** a
D_opt = C / (k * N_opt)
assert sp.simplify(N_solved - N_opt) == 0
assert sp.simplify(D_opt - (C / k) ** b / G) == 0
assert sp.simplify(a + b - 1) == 0  # so N_opt * D_opt = C/k exactly
display(sp.Eq(sp.Symbol("D_opt"), (C / k) ** b / G))

# %% [markdown]
# At the optimum the two reducible terms are not equal but in a fixed ratio: $\alpha A N^{-\alpha} = \beta B
# D^{-\beta}$, so the model term over the data term is $\beta/\alpha$ (0.82 for the rounded constants: the data term
# is the larger). A model term above that share means the model is too small, and vice versa.

# %%
assert same_in_logs(alpha * A * N_opt ** (-alpha), beta * B * D_opt ** (-beta))
term_ratio = (A * N_opt ** (-alpha)) / (B * D_opt ** (-beta))
assert same_in_logs(term_ratio, beta / alpha)
rounded_law = PUBLISHED_LAWS["hoffmann2022"]
_, model_term, data_term = rounded_law.loss_terms(*rounded_law.compute_optimal(1e22)[:2])
print(
    f"at 1e22 FLOP under hoffmann2022: model term / data term = {model_term / data_term:.4f}; "
    f"beta/alpha = {rounded_law.beta / rounded_law.alpha:.4f}"
)
assert abs(model_term / data_term - rounded_law.beta / rounded_law.alpha) < 1e-12

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. It is a minimum, and the only one
#
# Write $N = e^u$. In $u$ the loss is a sum of two exponentials, so its second derivative is a sum of positive
# terms: the profile is convex in $\log N$, and the stationary point is the unique global minimum.

# %%
L_u = L_C.subs(N, sp.exp(u))
d2L_du2 = sp.simplify(sp.diff(L_u, u, 2))
display(sp.Eq(sp.Derivative(sp.Symbol("L"), (u, 2)), d2L_du2))
assert d2L_du2.is_positive

# %% [markdown]
# In $N$ itself, the second derivative at the optimum simplifies, with the balance above, to
# $\alpha A (\alpha+\beta) N_{opt}^{-\alpha-2} > 0$:

# %%
d2L_dN2 = sp.diff(L_C, N, 2)
at_optimum = alpha * A * (alpha + beta) * N ** (-alpha - 2)
# compare the two through the balance condition: replace the data term by the model term
balance = {B: alpha * A * N ** (-alpha) / (beta * (C / (k * N)) ** (-beta))}
assert sp.simplify(d2L_dN2.subs(balance) - at_optimum) == 0
display(sp.Eq(sp.Derivative(sp.Symbol("L_C"), (N, 2)), at_optimum))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. The Lagrangian route
#
# Instead of substituting, keep $N$ and $D$ free and add the budget with a multiplier:
# $\mathcal{L} = L(N, D) + \lambda (kND - C)$. Eliminating $\lambda$ between $\partial_N \mathcal{L} = 0$ and
# $\partial_D \mathcal{L} = 0$ gives the balance condition again, and with the budget, the same $N_{opt}$.

# %%
lagrangian = L + lam * (k * N * D - C)
dN, dD, dlam = (sp.diff(lagrangian, v) for v in (N, D, lam))
display(sp.Eq(dN, 0), sp.Eq(dD, 0), sp.Eq(dlam, 0))
lam_from_N = sp.solve(dN, lam)[0]
balance_condition = sp.simplify(dD.subs(lam, lam_from_N))
display(sp.Eq(balance_condition, 0))
(N_lagrange,) = sp.solve(balance_condition.subs(D, C / (k * N)), N)
assert sp.simplify(N_lagrange - N_opt) == 0

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6. The loss on the frontier
#
# Put $N_{opt}$ and $D_{opt}$ back into $L$. Both reducible terms decay with the *same* exponent,
# $a\alpha = b\beta = \alpha\beta/(\alpha+\beta)$, so the best achievable loss is one power law in compute:
#
# $$L^*(C) = E + K \left(\frac{C}{k}\right)^{-\frac{\alpha\beta}{\alpha+\beta}}, \qquad K = A G^{-\alpha} + B G^{\beta}.$$
#
# This is what `compute_for_loss` inverts.

# %%
K = A * G ** (-alpha) + B * G**beta
frontier_exponent = alpha * beta / (alpha + beta)
assert sp.simplify(a * alpha - frontier_exponent) == 0
assert sp.simplify(b * beta - frontier_exponent) == 0
assert same_in_logs(L.subs({N: N_opt, D: D_opt}) - E, K * (C / k) ** (-frontier_exponent))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 7. Check against the library
#
# Printed LaTeX can look right and be wrong. We turn the symbolic results into NumPy functions and compare them
# with `chinchilla_lib` for every published law and budgets from $10^{18}$ to $10^{28}$ FLOPs, with $k = 6$ and $8$.

# %%
constants = (C, k, A, B, E, alpha, beta)
n_opt_fn = sp.lambdify(constants, N_opt, "numpy")
d_opt_fn = sp.lambdify(constants, D_opt, "numpy")
loss_fn = sp.lambdify(constants, L.subs({N: N_opt, D: D_opt}), "numpy")
budgets = np.logspace(18, 28, 41)
worst = 0.0
for each in PUBLISHED_LAWS.values():  # not `law`: the exercises below use that name for one law
    for flops_per_token in (6.0, 8.0):
        plan = each.compute_optimal(budgets, flops_per_param_token=flops_per_token)
        args = (budgets, flops_per_token, each.A, each.B, each.E, each.alpha, each.beta)
        for symbolic, numeric in ((n_opt_fn, plan.params), (d_opt_fn, plan.tokens), (loss_fn, plan.loss)):
            worst = max(worst, float(np.max(np.abs(symbolic(*args) / numeric - 1))))
assert worst < 1e-10
print(f"largest relative difference, SymPy vs chinchilla_lib: {worst:.1e}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 8. Gopher's budget under each law
#
# The paper's Figure 4 caption puts the Approach 3 optimum at Gopher's budget ($5.76 \times 10^{23}$ FLOPs) at 40B
# parameters ("We project the optimal model size given the *Gopher* FLOP budget to be 40B parameters"). The
# constants *as printed* give a noticeably smaller model:

# %%
GOPHER = reference.GOPHER_BUDGET  # Hoffmann et al. 2022, Table 3
for name, each in PUBLISHED_LAWS.items():
    plan = each.compute_optimal(GOPHER)
    print(f"{name:20s} alpha={each.alpha:<10.8g} beta={each.beta:<10.8g} N_opt = {human_count(plan.params):>6s}")
n_rounded = PUBLISHED_LAWS["hoffmann2022"].compute_optimal(GOPHER).params
n_tex = PUBLISHED_LAWS["hoffmann2022_tex"].compute_optimal(GOPHER).params
n_epoch = PUBLISHED_LAWS["besiroglu2024"].compute_optimal(GOPHER).params
assert reference.get("hoffmann2022.params_at_gopher_budget_rounded").agrees(n_rounded)  # 32.2B
assert reference.get("hoffmann2022.params_at_gopher_budget_tex").agrees(n_tex)  # 40.4B
assert reference.get("hoffmann2022.gopher_budget_near_params").agrees(n_tex)  # the caption's "40B parameters"
assert reference.get("besiroglu2024.params_at_gopher_budget").agrees(n_epoch)  # 72.2B

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 9. Why rounding matters so much
#
# Take the logarithm of $N_{opt}$ and differentiate with respect to the exponents. The budget enters through
# $\log(C/k) \approx 53$ at Gopher's scale, so the sensitivity is large:

# %%
log_n_opt = sp.expand_log(sp.log(N_opt), force=True)
dlog_dalpha = sp.simplify(sp.diff(log_n_opt, alpha))
dlog_dbeta = sp.simplify(sp.diff(log_n_opt, beta))
display(sp.Eq(sp.Derivative(sp.log(sp.Symbol("N_opt")), alpha), dlog_dalpha))
rounded, tex = PUBLISHED_LAWS["hoffmann2022"], PUBLISHED_LAWS["hoffmann2022_tex"]
point = {A: rounded.A, B: rounded.B, alpha: rounded.alpha, beta: rounded.beta, C: GOPHER, k: 6}
s_alpha, s_beta = float(dlog_dalpha.subs(point)), float(dlog_dbeta.subs(point))
print(f"d log N_opt / d alpha = {s_alpha:.1f},  d log N_opt / d beta = {s_beta:.1f}  (at C = {GOPHER:.3g})")
first_order = np.exp(s_alpha * (tex.alpha - rounded.alpha) + s_beta * (tex.beta - rounded.beta))
print(f"first-order prediction of N_opt(tex) / N_opt(rounded): {first_order:.3f}; exact: {n_tex / n_rounded:.3f}")
assert abs(first_order / (n_tex / n_rounded) - 1) < 0.02
alpha_only, beta_only = np.exp(s_alpha * (tex.alpha - rounded.alpha)), np.exp(s_beta * (tex.beta - rounded.beta))
print(f"of which alpha's rounding: x{alpha_only:.3f}; beta's rounding: x{beta_only:.3f}")
assert beta_only > 1.15
assert alpha_only < 1.05

# %% [markdown]
# A change of 0.005 in $\beta$, invisible in two printed digits, moves the recommended model by about a fifth; the
# rounding of $\alpha$ adds only a few per cent (exercise 3 computes it exactly). The
# lesson generalises: exponents fitted to a few hundred runs should be quoted with their uncertainty, and an
# allocation extrapolated over many orders of magnitude inherits it amplified (chapter 05 measures it).
#
# ## Summary
#
# * Substituting $D = C/(kN)$ and solving $\partial L/\partial N = 0$ gives $N_{opt} = G (C/k)^{a}$,
#   $D_{opt} = G^{-1} (C/k)^{b}$ with $a + b = 1$; the Lagrangian gives the same.
# * The loss is convex in $\log N$ along a budget, so this is the unique minimum; at it the two reducible terms
#   stand in the ratio $\beta/\alpha$, and the best loss falls as $C^{-\alpha\beta/(\alpha+\beta)}$.
# * The optimum is very sensitive to the exponents at large budgets: the rounded and unrounded constants of the same
#   fit disagree by 25% at Gopher's budget.
#
# ## Exercises
#
# Give numbers to the precision each question asks for; give symbolic answers as SymPy expressions in the symbols
# defined at the top (`alpha`, `beta`, ...): any equivalent form is accepted.
#
# **1.** What is the exponent $a$ of $N_{opt} \propto C^a$ for the rounded constants ($\alpha = 0.34$,
# $\beta = 0.28$)? (3 significant figures)

# %%
answer = None

# %% tags=["solution"]
rounded = PUBLISHED_LAWS["hoffmann2022"]
answer = rounded.beta / (rounded.alpha + rounded.beta)

# %%
ex.check_exponent_a(answer)

# %% [markdown]
# **2.** What model size is compute-optimal at Gopher's budget under the unrounded constants (`hoffmann2022_tex`)?
# (3 significant figures)

# %%
answer = None

# %% tags=["solution"]
answer = PUBLISHED_LAWS["hoffmann2022_tex"].compute_optimal(5.76e23).params

# %%
ex.check_optimum_at_gopher_budget_tex(answer)

# %% [markdown]
# **3.** Keep every rounded constant but set $\alpha = 0.3392$. By what factor does $N_{opt}(5.76 \times 10^{23})$
# change? (3 significant figures; `PUBLISHED_LAWS["hoffmann2022"].replace(alpha=0.3392)` makes the modified copy.)

# %%
answer = None

# %% tags=["solution"]
law = PUBLISHED_LAWS["hoffmann2022"]
answer = law.replace(alpha=0.3392).compute_optimal(5.76e23).params / law.compute_optimal(5.76e23).params

# %%
ex.check_sensitivity_to_alpha(answer)

# %% [markdown]
# **4.** With activation recomputation a training step costs about $8ND$ FLOPs instead of $6ND$. From the symbolic
# `N_opt` above, work out how $N_{opt}$ scales with $k$: give the exponent of $k$ as a SymPy expression in `alpha`
# and `beta`. (The logarithm turns the exponent into a coefficient.)

# %%
answer = None

# %% tags=["solution"]
answer = sp.simplify(k * sp.diff(sp.log(N_opt), k))  # d log N_opt / d log k

# %%
ex.check_k_exponent(answer)

# %% [markdown]
# **5.** With that exponent, by what factor does $N_{opt}(5.76 \times 10^{23})$ of `hoffmann2022` change when
# $k = 8$ instead of 6? (3 significant figures)

# %%
answer = None

# %% tags=["solution"]
law = PUBLISHED_LAWS["hoffmann2022"]
answer = (8 / 6) ** float(sp.simplify(k * sp.diff(sp.log(N_opt), k)).subs({alpha: law.alpha, beta: law.beta}))

# %%
ex.check_k_eight_factor(answer)

# %% [markdown]
# **6.** Section 3 showed that the *weighted* terms balance at the optimum, $\alpha A N^{-\alpha} = \beta B D^{-\beta}$.
# What is the ratio of the two reducible terms themselves, $(A/N_{opt}^\alpha) / (B/D_{opt}^\beta)$? Derive it with
# SymPy from `N_opt` and `D_opt` and give it as an expression in `alpha` and `beta`.

# %%
answer = None

# %% tags=["solution"]
answer = sp.simplify((A / N_opt**alpha) / (B / D_opt**beta))

# %%
ex.check_reducible_ratio(answer)

# %% [markdown]
# **7.** Why do the rounded and the unrounded constants of the same fit disagree by about a quarter at Gopher's
# budget? Answer with a letter.
#
# - **a.** The coefficients $A$ and $B$ were rounded too.
# - **b.** The exponents enter $\log N_{opt}$ multiplied by $\log(C/k)$, which is large at Gopher's budget.
# - **c.** SymPy and the library compute the optimum differently.
# - **d.** The two sets assume different values of $k$.

# %%
answer = None

# %% tags=["solution"]
answer = "b"

# %%
ex.check_why_rounding_matters(answer)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## In practice
#
# * The closed form is only as good as the fitted constants: compare laws (chapter 00) before trusting one answer.
# * Use unrounded constants when you have them; `PUBLISHED_LAWS["hoffmann2022_tex"]` carries the paper's own.
#
# ## References
# - J. Hoffmann et al., 2022, arXiv:2203.15556: eq. (4), Figure 4 and App. D.2.
# - T. Besiroglu et al., 2024, arXiv:2404.10102: the unrounded constants from the paper's TeX source.
