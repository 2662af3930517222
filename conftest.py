"""pytest's plugins for the whole repository, wherever pytest is pointed: the notebooks' kernels of another machine."""

pytest_plugins = ("other_machine",)  # tests/other_machine.py (tests/ is on pytest's pythonpath)
