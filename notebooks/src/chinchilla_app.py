# %% [markdown]
# ## Chinchilla planner: model size and data for your compute

# %%
from chinchilla_lib.explorer import BudgetExplorer, page_query

# Under `make app`, Voilà runs this cell before anyone asks (a pre-heated kernel): the controls are built and the
# defaults drawn, then page_query() waits for a visitor, whose link sets the controls.
app = BudgetExplorer()
query = page_query()
if query:
    app.apply_query(query)
app
