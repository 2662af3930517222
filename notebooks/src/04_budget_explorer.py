# %% [markdown]
# # 04 · Explore budgets: the compute-optimal model at a glance
#
# **After this chapter you will be able to** size a model for any budget without writing code: type a budget in
# FLOPs or describe your cluster, pick a published law (or enter your own constants), and read off the model size,
# training tokens, predicted loss and the time it takes, with two pictures that update as you go.
#
# **How to use it**
# - *I have*: the question. **A compute budget** gives the compute-optimal model (chapter 02); **a target loss** the
#   cheapest model that reaches it; **inference to serve** the model that is cheapest once its serving is counted
#   (Sardana et al. 2024, chapter 06); **limited unique data** the best model when the data must be repeated
#   (Muennighoff et al. 2023, chapter 06). Only the controls the question uses are shown.
# - *Budget as FLOPs*: move the slider, or type a number such as `3e23` and press Enter. *Budget as hardware*:
#   accelerator, how many, for how many days, and the model FLOPs utilisation (MFU). The accelerator, count and
#   MFU also turn every plan into GPU-hours and days.
# - *Law*: any published parameter set, or `custom` to type E, A, B, alpha and beta; *k* is the factor in
#   $C = kND$ (6 for standard training, about 8 with activation recomputation). *Show every published law* adds a
#   table with every law's answer to the same question.
# - *My model size* (optional, with a budget): the loss you give up by training a model of that size on this budget,
#   and how much compute a compute-optimal model would need to match it.
#
# The left picture is the loss along the plan's iso-FLOP line (chapter 01), dots marking each law's optimum; the
# right one is the frontier $N_{opt}(C)$ (chapter 02) with known models and the plan circled. A value that makes no
# sense shows a message, and the numbers and pictures are cleared until the inputs make sense again: what is on
# screen always belongs to the inputs on screen.
#
# The same explorer is also a stand-alone app, `notebooks/app/chinchilla_app.ipynb`: on Binder the README's app badge
# opens it; on your own machine `make app` serves it with Voilà and prints its address. Its address carries the inputs
# (e.g. `?C=1e24&law=besiroglu2024`), so a plan can be sent as a link.

# %%
from chinchilla_lib.explorer import BudgetExplorer

explorer = BudgetExplorer()
explorer

# %% [markdown]
# ## Try this
#
# Each question has a grader below: replace `None` with what you read off the explorer (or compute with the
# library) and run the cell.
#
# 1. Set the budget to Gopher's, `5.76e23`, and *my model [params]* to `280e9`, Gopher's size. How much loss does a
#    model of that size give up at this budget (the explorer trains it on $C/(6N)$ tokens, not on the 300B Gopher was
#    trained on), and what fraction of the budget would a compute-optimal model need to match it? (2 significant
#    figures each)
# 2. Switch on *show every published law*. At which budgets do the laws disagree most about the model size, and why
#    do the lines fan out (chapter 02, section 9)?
# 3. Under *hardware*, take 1,000 A100s at 40% MFU. How many days does Gopher's budget take on them? (2 significant
#    figures) Then describe your own cluster.
# 4. Choose `custom` and change `beta` from 0.28 to 0.2849. By what factor does the model size at Gopher's budget
#    move? (2 significant figures)

# %%
from chinchilla_lib import exercises as ex

loss_given_up = None
budget_share = None

# %% tags=["solution"]
from chinchilla_lib import PUBLISHED_LAWS, flops_to_gpu_hours

tex = PUBLISHED_LAWS["hoffmann2022_tex"]
gopher_loss = tex.loss_at_budget(280e9, 5.76e23)
loss_given_up = gopher_loss - tex.compute_optimal(5.76e23).loss
budget_share = tex.compute_for_loss(gopher_loss).flops / 5.76e23

# %%
ex.check_gopher_loss_given_up(loss_given_up)

# %%
ex.check_gopher_budget_share(budget_share)

# %% [markdown]
# For question 2, answer with a letter:
#
# - **a.** At the smallest budgets: the laws were fitted there.
# - **b.** At the largest budgets: the exponents $a$ differ, and $\log N_{opt} = \log G + a \log(C/k)$ multiplies the
#   difference by $\log C$.
# - **c.** Everywhere equally: the laws have different irreducible losses $E$.
# - **d.** It depends on $k$: each law assumes its own.

# %%
answer = None

# %% tags=["solution"]
answer = "b"

# %%
ex.check_why_laws_fan_out(answer)

# %%
days = None

# %% tags=["solution"]
days = flops_to_gpu_hours(5.76e23, gpu="A100", mfu=0.4) / 1000 / 24

# %%
ex.check_days_on_cluster(days)

# %%
factor = None

# %% tags=["solution"]
rounded = PUBLISHED_LAWS["hoffmann2022"]
factor = rounded.replace(beta=0.2849).compute_optimal(5.76e23).params / rounded.compute_optimal(5.76e23).params

# %%
ex.check_beta_sensitivity(factor)

# %% [markdown]
# Everything the explorer shows comes from `chinchilla_lib.explorer.explore`, a plain function you can call:

# %%
from IPython.display import HTML

from chinchilla_lib.explorer import ExplorerInputs, explore, summary_html

result = explore(ExplorerInputs(flops=5.76e23, law="hoffmann2022_tex", my_params=280e9))
HTML(summary_html(result))
