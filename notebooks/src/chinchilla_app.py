# %% [markdown]
# ## Chinchilla planner: model size and data for your compute

# %%
from voila.utils import get_query_string

from chinchilla_lib.explorer import BudgetExplorer
from chinchilla_lib.explorer.render import warm_up

warm_up()  # under `make app` Voilà runs this before anyone asks (a pre-heated kernel), then waits for the link
BudgetExplorer.from_query(get_query_string())
