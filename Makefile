# Two commands on a bare machine (see README.md):
#   make lab    set up .venv with what the course needs and open JupyterLab on the start notebook
#   make test   set up .venv with the course and the test tools, and run every test (library, notebooks, the app in
#               a real browser)
# Others: make app (the budget app, served by Voilà), make notebooks, make bench, make lint, make lock, make clean,
#         make test-lib (the library's tests only; CI runs them on every supported Python: PYTHON=... VENV=...).
# Teaching kit (TEACHING.md), written to build/: make student, make slides, make book.

# Any of the supported Pythons (3.11, 3.12, 3.13): `make test PYTHON=python3.12`. A .venv made with another Python is
# kept until `make clean`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# One .venv, two stamps: `make lab` installs the course alone, `make test` adds the test and lint tools to it.
COURSE_STAMP := $(VENV)/.course-stamp
STAMP  := $(VENV)/.installed-stamp
# Packages are installed by uv (pinned here; it is the installer, not part of the course): it resolves and unpacks
# the pinned set in about 10 s where pip takes 1-3 minutes, and installs the same versions (constraints.txt).
UV_VERSION := 0.13.9
# Extra uv options, e.g. UV_OPTIONS=--compile-bytecode, or UV_OPTIONS="--index-url URL" for a PyPI mirror.
UV_OPTIONS ?=
PIP    := $(BIN)/uv pip install --python $(BIN)/python $(UV_OPTIONS) -c constraints.txt
PORT   ?= 8866
START  := notebooks/00_start_here.ipynb
# Extra options for JupyterLab, e.g. LAB_ARGS="--no-browser --port=8890".
LAB_ARGS ?=
# nbval: strict comparison of stored outputs, volatile bits normalised by the sanitize file,
# and the kernel of this .venv rather than whatever "python3" kernel is installed elsewhere.
# Jupyter refuses to run as root unless told; containers and CI machines often are root.
AS_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)
NBVAL  := --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-current-env

.PHONY: install lab app test test-lib lint bench notebooks lock clean student slides book

# constraints.txt pins every package (the versions notebook outputs depend on among them);
# environment.yml and binder/environment.yml carry the same pins (tests/test_environment.py checks).
$(BIN)/python:
	@echo "==> Creating $(VENV) with $$($(PYTHON) --version 2>&1) ($(PYTHON)) and the installer uv; about 10 s"
	$(PYTHON) -m venv $(VENV)

$(BIN)/uv: | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(COURSE_STAMP): $(BIN)/uv pyproject.toml constraints.txt
	@echo "==> Installing the course's pinned packages into $(VENV) (NumPy, SciPy, JupyterLab, Voilà, ...):"
	@echo "          about 150 MB; 10-30 s the first time on a good connection, seconds after that"
	$(PIP) -e ".[course]"
	touch $@

$(STAMP): $(COURSE_STAMP)
	@echo "==> Adding the test and lint tools (pytest, nbval, Playwright, ruff, mypy, ...): about 10 s"
	$(PIP) -e ".[course,test]"
	touch $@

install: $(STAMP)

# Opens the start notebook itself (not the Launcher), in the browser and in the URLs JupyterLab prints; fetches no news
# feed, checks for no update over the internet, and does not ask about either (binder/overrides.json, which Binder's
# postBuild installs too).
LAB_OPTIONS := --LabApp.default_url=/lab/tree/$(START) --LabApp.news_url=None \
               --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate --LabApp.app_settings_dir="$(CURDIR)/binder"
lab: $(COURSE_STAMP)
	@echo "==> Starting JupyterLab on $(START) (about 10 s; your browser opens it; Ctrl-C twice to stop)"
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 $(AS_ROOT) $(LAB_OPTIONS) $(LAB_ARGS)

# The app: its own notebook, served by Voilà; the page's query string sets the inputs (a shareable link). Kernels
# that have had no browser attached and no activity for 5 minutes are shut down (checked every minute), so a
# classroom of reloads does not exhaust memory. One kernel is kept pre-heated (imports done, figures warmed up, waiting
# for a page's query string), so a visitor waits only for one update. tests/test_app_browser.py runs this command.
# The "offline" template (notebooks/app/jupyter/voila/templates/) is Voilà's "lab" one without its CDN stylesheets.
APP_NOTEBOOK := notebooks/app/chinchilla_app.ipynb
VOILA_CULL   := --MappingKernelManager.cull_idle_timeout=300 --MappingKernelManager.cull_interval=60

app: $(STAMP)
	JUPYTER_PATH=$(CURDIR)/notebooks/app/jupyter $(BIN)/voila --no-browser --port=$(PORT) --Voila.ip=127.0.0.1 \
	  --template=offline --preheat_kernel=True --pool_size=1 $(VOILA_CULL) $(APP_NOTEBOOK)

# numpydoc validates every public docstring of the library (rules in pyproject.toml, [tool.numpydoc_validation]).
DOCSTRINGS := chinchilla_lib/__init__.py chinchilla_lib/laws.py chinchilla_lib/allocation.py chinchilla_lib/compute.py \
	chinchilla_lib/fitting.py chinchilla_lib/approaches.py chinchilla_lib/synthetic.py chinchilla_lib/tables.py \
	chinchilla_lib/formatting.py chinchilla_lib/cli.py chinchilla_lib/beyond/*.py chinchilla_lib/explorer/*.py \
	chinchilla_lib/runs.py chinchilla_lib/reference.py chinchilla_lib/models.py chinchilla_lib/symbolic.py \
	chinchilla_lib/frontier.py chinchilla_lib/provenance.py chinchilla_lib/plots.py chinchilla_lib/exercises.py \
	chinchilla_lib/exercises_laws.py chinchilla_lib/your_runs.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check chinchilla_lib tests benchmarks scripts notebooks/src
	$(BIN)/mypy
	$(BIN)/numpydoc lint $(DOCSTRINGS)

# pytest-xdist runs the tests on every core (TEST_WORKERS=0 for one process), a file per worker: a notebook's cells
# must run in order in one kernel (nbval's advice). Not --dist loadgroup: with pytest 9.2 it silently stops grouping
# (pytest-dev/pytest-xdist#1386).
TEST_WORKERS ?= auto
# One BLAS thread per process: pytest's workers, the notebooks' kernels and CI's other Pythons already fill the cores,
# and OpenBLAS threads spinning against them made scipy's fits up to 30x slower.
ONE_THREAD := OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
# Every stored output is checked under two kinds of arithmetic (tests/other_machine.py): the chapters' kernels compute
# as this machine does, the solutions' (which hold every cell of the chapters) as another machine would (another
# OpenBLAS kernel, NumPy without SIMD dispatch); the notebooks that have no solutions copy run that way too, in a
# second pytest at the same time (one process: a few seconds of work, which xdist's start-up would double).
NO_SOLUTIONS := $(filter-out $(patsubst notebooks/solutions/%_solutions.ipynb,notebooks/%.ipynb,\
	$(wildcard notebooks/solutions/*.ipynb)),$(wildcard notebooks/*.ipynb notebooks/app/*.ipynb))
OTHER_LOG := $(VENV)/other-machine.log
test: lint
	@echo "==> In the background: $(NO_SOLUTIONS) as another machine would compute them (log: $(OTHER_LOG))"
	@NOTEBOOKS_AS_OTHER_MACHINE=all $(ONE_THREAD) $(BIN)/python -m pytest -q -p no:cacheprovider -p no:xdist \
	  $(NBVAL) $(NO_SOLUTIONS) > $(OTHER_LOG) 2>&1 & other=$$!; \
	$(ONE_THREAD) $(BIN)/python -m pytest $(NBVAL) -n $(TEST_WORKERS) --dist loadfile; status=$$?; \
	if wait $$other; then echo "==> As another machine: $$(tail -n 1 $(OTHER_LOG))"; \
	else echo "==> As another machine, FAILED:"; cat $(OTHER_LOG); status=1; fi; exit $$status

# The library's own tests and doctests (no notebooks, no browser, no course builds), in a venv holding only the library
# and the two test tools they use: what CI runs on the other supported Pythons, within its time.
LIB_STAMP := $(VENV)/.library-stamp
# (tests/test_fitting.py is left to the default Python's `make test`: its per-start reference loops and derivative
# checks are most of the library's test time, and they test float maths that does not change with the interpreter)
LIB_TESTS := tests/test_laws.py tests/test_allocation.py tests/test_compute.py tests/test_validation.py \
	tests/test_beyond.py tests/test_cli.py tests/test_promise.py tests/test_runs.py tests/test_reference.py \
	tests/test_registry.py
LIB_DOCTESTS := $(filter-out chinchilla_lib/plots.py chinchilla_lib/symbolic.py chinchilla_lib/exercises.py \
	chinchilla_lib/exercises_laws.py chinchilla_lib/__main__.py,$(wildcard chinchilla_lib/*.py)) chinchilla_lib/beyond \
	chinchilla_lib/_core

$(LIB_STAMP): $(BIN)/uv pyproject.toml constraints.txt
	@echo "==> Installing the library and pytest/hypothesis into $(VENV)"
	$(PIP) -e . hypothesis pytest
	touch $@

test-lib: $(LIB_STAMP)
	$(ONE_THREAD) $(BIN)/python -m pytest -p no:cacheprovider -m "not large_file" $(LIB_TESTS) $(LIB_DOCTESTS)

# Rebuild the chapter and solution notebooks from notebooks/src/ and execute them (outputs are committed).
notebooks: $(STAMP)
	$(BIN)/python scripts/build_notebooks.py

# The teaching kit; `make test` runs their builds too (tests/test_student_edition.py, test_slides_browser.py,
# test_book_browser.py). Slides and site load reveal.js and MathJax from npm at build time (scripts/web/), never a CDN.
student: $(STAMP)
	$(BIN)/python scripts/build_student.py

slides: $(STAMP)
	$(BIN)/python scripts/build_slides.py

book: $(STAMP)
	$(BIN)/python scripts/build_book.py

bench: $(STAMP)
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# Re-resolve every dependency from scratch and pin the result (run after changing pyproject.toml). Resolved with the
# oldest supported Python (PYTHON, 3.11 by default here) since newer releases drop old Pythons first; then every pin must
# install from wheels on each of LOCK_CHECK, the other supported Pythons (found by .ci/find-python; a missing one fails).
LOCK_CHECK ?= 3.12 3.13
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[course,test]"
	{ echo "# Generated by 'make lock' from pyproject.toml; every package pinned. Edit pyproject.toml, not this."; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable --disable-pip-version-check | sort -f; } > constraints.txt
	rm -rf .lock-venv
	@for series in $(LOCK_CHECK); do \
	  py=$$(.ci/find-python $$series) || exit 1; \
	  echo "==> every pin has a wheel for $$($$py --version)?"; \
	  $$py -m pip install --quiet --dry-run --ignore-installed --only-binary=:all: --no-deps \
	    --disable-pip-version-check -r constraints.txt || exit 1; \
	done

clean:
	rm -rf $(VENV) .venv-3.* .pytest_cache .mypy_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
