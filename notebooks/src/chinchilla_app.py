# %% [markdown]
# ## Chinchilla planner: model size and data for your compute

# %%
from voila.utils import get_query_string

from chinchilla_lib.explorer import BudgetExplorer

# Under `make app`, Voilà runs this cell before anyone asks (a pre-heated kernel): the controls are built and the
# defaults drawn, then get_query_string() waits for a visitor, whose link sets the controls.
app = BudgetExplorer()
query = get_query_string()
if query:
    app.apply_query(query)
app
