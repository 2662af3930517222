"""The plain array core: closed forms and objectives on floats and arrays, with no checking.

Everything here takes values that a public function has already checked (finite, in range, broadcastable) and
computes; nothing here imports the registry, the public API or scipy/matplotlib/ipywidgets. Public functions and
methods validate their arguments once, call the core, and check that what comes back is representable.
"""
