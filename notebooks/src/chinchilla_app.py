# %% [markdown]
# ## Chinchilla planner: how big a model, on how much data, for your compute

# %%
import os

from chinchilla_lib.explorer import BudgetExplorer

BudgetExplorer.from_query(os.environ.get("QUERY_STRING", ""))
