# %% [markdown] slideshow={"slide_type": "slide"}
# # 01 · Read the loss, count the FLOPs
#
# **After this chapter you will be able to**
# - say what each of the three terms of $L(N, D) = E + A/N^\alpha + B/D^\beta$ measures, and evaluate them;
# - turn a loss in nats per token into a perplexity, and back;
# - explain where $C \approx 6ND$ comes from, and when another factor applies;
# - read a loss surface over $(N, D)$ with its lines of constant compute and the compute-optimal frontier;
# - say what the law covers (dense decoder-only transformers, one pass over one data set with one tokenizer, the
#   pre-training loss) and what the Chinchilla-versus-Gopher comparison does and does not test.
#
# **You need** chapter 00, logarithms, and a rough idea of what a forward and a backward pass are.

# %% slideshow={"slide_type": "skip"}
import math

import matplotlib.pyplot as plt

from chinchilla_lib import KNOWN_MODELS, PUBLISHED_LAWS, inference_flops, reference, training_flops
from chinchilla_lib import exercises as ex
from chinchilla_lib.formatting import human_count
from chinchilla_lib.plots import plot_iso_flop, plot_loss_surface

law = PUBLISHED_LAWS["hoffmann2022"]
print(law)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. Three terms, three reasons a model is imperfect
#
# Hoffmann et al. (2022, eq. 2) model the final training loss of a model with $N$ parameters trained on $D$ tokens as
#
# $$L(N, D) = \underbrace{E}_{\text{entropy of text}} + \underbrace{\frac{A}{N^\alpha}}_{\text{finite model}}
#   + \underbrace{\frac{B}{D^\beta}}_{\text{finite data}}.$$
#
# * $E$ is the loss of a perfect model trained forever: the inherent unpredictability of the text under this
#   tokenizer. No budget removes it.
# * $A/N^\alpha$ is what a model with only $N$ parameters cannot represent, even with infinite data.
# * $B/D^\beta$ is what a run that stopped after $D$ tokens has not learned, even with an infinite model.
#
# The loss is a cross-entropy in **nats per token** (natural logarithm). Its exponential is the **perplexity**: the
# number of equally likely tokens the model is, on average, choosing between. Here are the three terms for Gopher
# and for Chinchilla, two models trained with nearly the same compute:

# %%
print(f"{'model':11s} {'N':>6s} {'D':>6s} {'E':>6s} {'A/N^a':>6s} {'B/D^b':>6s} {'L':>6s} {'exp(L)':>7s}")
for name in ("Gopher", "Chinchilla"):
    model = KNOWN_MODELS[name]
    e, model_term, data_term = law.loss_terms(model.params, model.tokens)
    loss = law.loss(model.params, model.tokens)
    assert math.isclose(e + model_term + data_term, loss, rel_tol=1e-15)
    print(
        f"{name:11s} {human_count(model.params):>6s} {human_count(model.tokens):>6s} {e:6.3f} {model_term:6.3f} "
        f"{data_term:6.3f} {loss:6.3f} {math.exp(loss):7.3f}"
    )

# %%
gopher, chinchilla = KNOWN_MODELS["Gopher"], KNOWN_MODELS["Chinchilla"]
_, gopher_model, gopher_data = law.loss_terms(gopher.params, gopher.tokens)
_, chinchilla_model, chinchilla_data = law.loss_terms(chinchilla.params, chinchilla.tokens)
params_ratio, tokens_ratio = gopher.params / chinchilla.params, chinchilla.tokens / gopher.tokens
model_term_drop, data_term_rise = chinchilla_model - gopher_model, gopher_data - chinchilla_data
print(f"Gopher's {params_ratio:.0f}x more parameters lower the model term by {model_term_drop:.3f} nats/token;")
print(f"its {tokens_ratio:.1f}x fewer tokens raise the data term by {data_term_rise:.3f} nats/token.")
assert data_term_rise > model_term_drop

# %% [markdown]
# What Gopher gains on the model term it more than loses on the data term: for its compute, it was
# **under-trained**. That observation is the Chinchilla paper in one line.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Chinchilla against Gopher: what was measured
#
# The paper tested the prediction by training Chinchilla, 70B parameters on 1.4T tokens, for the same number of
# FLOPs as Gopher (§4). It is not a pure test of allocation. Chinchilla "uses the same model architecture and
# training setup as *Gopher* with the exception of the differences listed" in §4.1, and besides its size and tokens
# those are: a slightly different mix of MassiveText's subsets (Table A1), AdamW instead of Adam, "a slightly
# modified SentencePiece tokenizer that does not apply NFKC normalisation" (the vocabulary is "very similar": 94.15%
# of its tokens are Gopher's), and a float32 copy of the weights in the optimiser state. App. G shows that the
# optimiser changes alone improve a 680M-parameter model (Fig. A6) and that AdamW beats Adam at 417M and 1.4B
# parameters (Fig. A7); the paper does not say how much of Chinchilla's gain they account for. What it measured:

# %%
mmlu = reference.series("hoffmann2022.table6_mmlu")  # Chinchilla, Gopher
wikitext = reference.series("hoffmann2022.wikitext103_perplexity")
pile = reference.table("hoffmann2022.table_a5_pile_bpb")
print(
    f"MMLU, 5-shot accuracy: Chinchilla {mmlu[0].printed}%, Gopher {mmlu[1].printed}%  [{mmlu[0].kind}] {mmlu[0].source}"
)
print(f"WikiText-103 perplexity: Chinchilla {wikitext[0].printed}, Gopher {wikitext[1].printed}  [{wikitext[0].kind}]")
print(f"    {wikitext[0].source}")
bpb_gain = [g - c for c, g in zip(pile.values("chinchilla"), pile.values("gopher"), strict=True)]
print(
    f"The Pile, bits per byte: Chinchilla lower on {sum(d > 0 for d in bpb_gain)} of {len(pile)} subsets, "
    f"by {min(bpb_gain):.3f} to {max(bpb_gain):.3f}  [{pile.column('gopher')[0].kind}] {pile.source}"
)
assert all(d > 0 for d in bpb_gain)
assert mmlu[0].value > mmlu[1].value
assert wikitext[0].value < wikitext[1].value

# %% [markdown]
# The paper itself warns that the language-modelling numbers may be flattered: Chinchilla saw four times more data
# than Gopher, "and thus train/test set leakage may artificially enhance the results" (§4.2.1), so it puts more
# weight on tasks such as MMLU.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### What the law covers, and what it does not
#
# The fit is about one kind of model and one measurement: dense autoregressive (decoder-only) transformers, their
# final pre-training loss, on one data distribution (MassiveText) with one tokenizer. Four consequences:
#
# * **One pass over the data.** The runs behind the fit "have all been trained on less than an epoch of data" (§5),
#   so the law says nothing about repeating data; chapter 06 takes that up (Muennighoff et al. 2023). Chinchilla's
#   own 1.4T tokens do repeat two subsets, MassiveWeb and Wikipedia (App. A).
# * **The tokenizer is part of the units.** $D$ counts tokens, so the same text is a different $D$ under another
#   tokenizer, and so is every number of tokens per parameter; the loss is per token, so $E$ moves with the
#   tokenizer too. Kaplan et al. (2020, §1.2) say as much of their scale constants $N_c$, $C_c^{min}$ and $D_c$:
#   their values "depend on the vocabulary size and tokenization and hence do not have a fundamental meaning".
# * **One data set, checked on two of its subsets.** $E = 1.69$ belongs to MassiveText: losses on other data cannot
#   be compared with it. App. C repeats the IsoFLOP analysis (Approach 2) on C4 and on GitHub code, two subsets of
#   MassiveText (Table A1), with the same tokenizer, and finds exponents close to MassiveText's (Table A2, below);
#   the paper reads this as "independent of the dataset as long as one does not train for more than one epoch", a
#   check on subsets of one corpus rather than on unrelated data. The paper reports only the exponents for
#   these data sets: the constants, $E$ above all, belong to each data set.
# * **Loss is not capability.** The law predicts the pre-training loss. Downstream accuracy, such as the MMLU numbers
#   above, is measured separately, and the law does not predict it.
#
# And the fit used over 400 runs from about 70M to over 16B parameters (the paper's abstract); everything beyond them
# is extrapolation.

# %%
table2_a, table2_b = reference.series("hoffmann2022.table2_a"), reference.series("hoffmann2022.table2_b")
exponents = {
    "MassiveText (Table 2, Approach 2)": (table2_a[1], table2_b[1]),
    "C4 (Table A2)": reference.series("hoffmann2022.table_a2_c4"),
    "GitHub code (Table A2)": reference.series("hoffmann2022.table_a2_github"),
}
print(f"{'IsoFLOP analysis on':34s} {'a':>5s} {'b':>5s}   (N_opt ∝ C^a, D_opt ∝ C^b)")
for label, (a, b) in exponents.items():
    print(f"{label:34s} {a.printed:>5s} {b.printed:>5s}   [{a.kind}]")
assert all(abs(a.value - 0.5) < 0.05 for a, _ in exponents.values())

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Where $C \approx 6ND$ comes from
#
# A dense transformer's work is dominated by matrix multiplications, in which every parameter takes part in one
# multiply and one add per token:
#
# * **forward pass**: about $2N$ FLOPs per token;
# * **backward pass**: gradients with respect to the activations *and* to the weights, each costing about as much
#   as the forward pass: about $4N$ FLOPs per token.
#
# Training therefore costs $k N D$ FLOPs with $k \approx 6$. The paper's Appendix F counts the operations exactly
# (attention included) and finds 6ND within $-1\%$ to $+10\%$. With **activation recomputation** the forward pass is
# run twice, so $k \approx 8$; **inference** is a forward pass only, about $2N$ per token.
#
# The seed article that this course grew from writes the same budget as $C = k \cdot n \cdot T$:
#
# | article | paper and this course | meaning |
# |---|---|---|
# | $n$ | $N$ | parameters |
# | $T$ | $D$ | training tokens |
# | $C = k\,n\,T$ | $C = 6ND$ (any $k$ via `flops_per_param_token`) | training FLOPs |

# %%
for k, what in [(6.0, "standard"), (8.0, "with activation recomputation")]:
    flops = training_flops(chinchilla.params, chinchilla.tokens, flops_per_param_token=k)
    print(f"k = {k:g} ({what}): {flops:.3g} FLOP")
print(f"serving 1e12 tokens with Chinchilla: {inference_flops(chinchilla.params, 1e12):.3g} FLOP")
gopher_budget = reference.GOPHER_BUDGET  # Hoffmann et al. 2022, Table 3
print(f"Chinchilla's 6ND is {chinchilla.training_flops() / gopher_budget:.3f} x Gopher's budget of {gopher_budget:.3g}")

# %% [markdown]
# ### What $N$ and $C$ count
#
# Before using $C = 6ND$, know what its letters count, because papers differ:
#
# * **$N$.** Hoffmann et al. count *all* parameters, the embedding matrices included, and include the embeddings in
#   their FLOP count too (App. F). Kaplan et al. (2020), whose law chapter 06 compares, count *non-embedding*
#   parameters only, and their $C$ is the non-embedding compute, $6N$ per token (their §2.1). Pearce & Song (2024,
#   arXiv:2406.12907) find that much of the gap between the two papers' exponents comes from this choice, combined
#   with Kaplan et al.'s small scale (chapter 06).
# * **$C$.** $6ND$ is an approximation. The paper's App. F counts the FLOPs of each operation (embeddings,
#   attention, dense blocks, logits; the backward pass at twice the forward) and compares with $6ND$ in Table A4,
#   for six models from 73M to 6.8B parameters. The same "slightly more accurate calculation" changes Gopher's
#   budget:

# %%
table_a4 = reference.series("hoffmann2022.table_a4_flops_ratio")
ratios = [item.value for item in table_a4]
print(f"Table A4, exact count vs 6ND for 73M-6.8B: {ratios}: from {min(ratios) - 1:+.0%} to {max(ratios) - 1:+.0%}")
print(f"    [{table_a4[0].kind}] {table_a4[0].source}")
gopher_6nd = training_flops(gopher.params, gopher.tokens)
gopher_appendix_f = reference.value("hoffmann2022.gopher_budget_appendix_f")
for label, flops in (
    ("6·N·D with 280B and 300B", gopher_6nd),
    ("as quoted (Rae et al.; Table 3)", gopher_budget),
    ("App. F's own count", gopher_appendix_f),
):
    print(f"Gopher's budget, {label:32s} {flops:.3g} FLOP  ({flops / gopher_6nd:.3f} x 6ND)")
assert reference.get("hoffmann2022.gopher_6nd").agrees(gopher_6nd)
assert (gopher.params, gopher.tokens) == (reference.GOPHER_PARAMS, reference.GOPHER_TOKENS)
assert min(ratios) < 1 < max(ratios) < 1.11
assert abs(gopher_appendix_f / gopher_6nd - 1.25) < 0.005

# %% [markdown]
# Three budgets for one training run, 25% apart: 5.04e23 by $6ND$, the 5.76e23 the paper quotes from the Gopher
# paper, and 6.3e23 by App. F. The course uses $C = kND$ with $k = 6$ throughout, as the paper's own frontier
# (eq. 4) does, and quotes Gopher's budget as 5.76e23 where it compares with the paper. Any $k$ can be passed as
# `flops_per_param_token`.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. The loss surface
#
# Every point of the $(N, D)$ plane is a possible training run. The colours show the reducible loss $L - E$ on log
# axes; each dotted line is a fixed budget, $D = C/(6N)$, a straight line of slope $-1$. Walking along one of them
# trades parameters for tokens. The red line joins the lowest point of every dotted line: the **compute-optimal
# frontier**, which the next chapter derives.

# %% slideshow={"slide_type": "subslide"}
plot_loss_surface(law)
plt.show()

# %% [markdown]
# Cut the surface along one dotted line and you get an **iso-FLOP profile**: a valley whose floor is the best model
# for that budget. The paper's Approach 2 (chapter 05) fits exactly such valleys. Here is the valley at Gopher's
# budget under the rounded and the unrounded constants, with Gopher's 280B marked:

# %% slideshow={"slide_type": "subslide"}
plot_iso_flop([law, PUBLISHED_LAWS["hoffmann2022_tex"]], gopher_budget, my_params=280e9, my_label="Gopher (280B)")
plt.show()
gopher_loss = law.loss_at_budget(280e9, gopher_budget)
best = law.compute_optimal(gopher_budget)
print(
    f"at {gopher_budget:.3g} FLOP: Gopher-sized model {gopher_loss:.4f}, optimum ({human_count(best.params)}) "
    f"{best.loss:.4f} nats/token"
)
assert best.loss < gopher_loss

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# * $L(N, D) = E + A/N^\alpha + B/D^\beta$: irreducible entropy, a model-size term and a data term, in nats/token;
#   perplexity is $e^L$.
# * Training costs $C \approx 6ND$ FLOPs (2 forward + 4 backward per parameter per token); 8 with recomputation;
#   inference $2N$ per token.
# * A fixed budget is a line in the $(N, D)$ plane; the loss along it is a valley; the valleys' floors form the
#   compute-optimal frontier.
# * The law covers dense decoder-only transformers trained for less than one epoch on one data set with one
#   tokenizer, and it predicts the loss, not downstream capability. Chinchilla beat Gopher with more changed than the
#   allocation (AdamW, tokenizer, data mix).
#
# ## Exercises
#
# Replace `None` with your answer and run the cell; the grader tells you whether it is right and, if not, what
# went wrong. Give numbers to the precision each question asks for: an answer that rounds to the right value there
# is right.
#
# **1.** How many FLOPs did it take to train Chinchilla (70B parameters, 1.4T tokens) with $k = 6$?
# (3 significant figures)

# %%
answer = None

# %% tags=["solution"]
answer = training_flops(70e9, 1.4e12)

# %%
ex.check_chinchilla_flops(answer)

# %% [markdown]
# **2.** What perplexity does `hoffmann2022` predict for Chinchilla? (3 significant figures)

# %%
answer = None

# %% tags=["solution"]
answer = math.exp(law.loss(70e9, 1.4e12))

# %%
ex.check_chinchilla_perplexity(answer)

# %% [markdown]
# **3.** By how many nats per token does `hoffmann2022` predict Chinchilla beats Gopher (280B, 300B tokens)?
# (3 significant figures)

# %%
answer = None

# %% tags=["solution"]
answer = law.loss(280e9, 300e9) - law.loss(70e9, 1.4e12)

# %%
ex.check_loss_gap_at_same_budget(answer)

# %% [markdown]
# **4.** Chinchilla has a quarter of Gopher's parameters, yet the law predicts it the lower loss. Why? Answer with
# a letter, e.g. `answer = "a"`.
#
# - **a.** Chinchilla was trained with much more compute than Gopher.
# - **b.** At about the same budget, Gopher's data term $B/D^\beta$ is large; spending compute on tokens instead
#   of parameters lowers it by more than it raises $A/N^\alpha$.
# - **c.** Chinchilla's irreducible loss $E$ is lower.
# - **d.** Chinchilla has a better architecture.

# %%
answer = None

# %% tags=["solution"]
answer = "b"

# %%
ex.check_why_chinchilla_wins(answer)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## In practice
#
# * Reported losses depend on the data and the tokenizer: use the law to compare *allocations*, not to predict the
#   loss of a model trained on different data.
# * FLOP counts in papers differ by the factor they use (6 or 8, attention counted or not): always say which.
#
# ## References
# - J. Hoffmann et al., "Training Compute-Optimal Large Language Models", 2022, arXiv:2203.15556: eq. (2), §4 and
#   §5, App. A, C, F, G and H.1.
# - J. Kaplan et al., "Scaling Laws for Neural Language Models", 2020, arXiv:2001.08361: Sec. 1.2 (tokenization),
#   Sec. 2.1 (the 6N estimate).
