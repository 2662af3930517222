# %% [markdown]
# ## Chinchilla planner: model size and data for your compute

# %%
import os

from chinchilla_lib.explorer import BudgetExplorer

BudgetExplorer.from_query(os.environ.get("QUERY_STRING", ""))
