# Station HMI. `make demo` runs the demo station; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo demo-xvfb demo-deps test test-deps test-fast lint translations translations-update screenshots bench clean package system-deps

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	# Bytecode now: a station started with PYTHONDONTWRITEBYTECODE would otherwise compile every source on each start.
	$(BIN)/python -m compileall -q -j 0 hmi plugins screens
	touch $(STAMP)

system-deps:
	./packaging/system-deps.sh

test-deps:
	./packaging/system-deps.sh --test

demo-deps:
	./packaging/system-deps.sh --demo

translations: $(STAMP)
	for ts in resources/translations/*.ts; do $(BIN)/pyside6-lrelease -silent "$$ts" -qm "$${ts%.ts}.qm"; done

# Re-read the sources for new texts, then fill in the new entries: the Korean in station_ko.ts, and in
# station_en.ts the English plural forms ("%n part(s)": "%n part" and "%n parts"; it holds only %n texts).
translations-update: $(STAMP)
	$(BIN)/pyside6-lupdate -silent -no-obsolete $$(git ls-files 'screens/*.py' 'screens/**/*.py') -ts resources/translations/station_ko.ts
	$(BIN)/pyside6-lupdate -silent -no-obsolete -pluralonly -source-language en -target-language en $$(git ls-files 'screens/*.py' 'screens/**/*.py') -ts resources/translations/station_en.ts

# DEMO_ARGS=--reset starts from fresh demo data (only the demo's own folder is deleted).
demo: system-deps $(STAMP) translations
	$(BIN)/hmi demo $(DEMO_ARGS)

demo-xvfb: demo-deps $(STAMP) translations
	xvfb-run -a -s "-screen 0 1920x1080x24" $(BIN)/hmi demo $(DEMO_ARGS)

# Qt tests run in a process of their own: a QApplication then lives only where it is needed.
test: test-deps $(STAMP) translations
	$(BIN)/lint-imports
	$(BIN)/ruff check hmi plugins screens tests benchmarks
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -m "not gui" --durations=10 $(PYTEST_ARGS)
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -m gui --durations=10 $(PYTEST_ARGS)

# Everything but the installer build, for a quick local run.
test-fast: $(STAMP) translations
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -m "not packaging and not gui" $(PYTEST_ARGS)
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -m gui --durations=10 $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/ruff check hmi plugins screens tests benchmarks
	$(BIN)/mypy

screenshots: $(STAMP) translations
	QT_QPA_PLATFORM=offscreen $(BIN)/hmi screenshots --out screenshots

# Every benchmark, idle and then under stress-ng --cpu 2 (benchmarks/load.py). QUICK=1: smaller settings,
# all of them in under 10 minutes. BENCH_ARGS=--idle-only skips the loaded passes.
BENCHMARKS := $(filter-out benchmarks/load.py,$(sort $(wildcard benchmarks/*.py)))
bench: $(STAMP) translations
	for b in $(BENCHMARKS); do echo "== $$b"; QT_QPA_PLATFORM=offscreen $(BIN)/python "$$b" $(if $(QUICK),--quick) $(BENCH_ARGS) || exit 1; done

# A station's installer: checks STATION's config first (as `hmi check-config`), then builds the bundle and
# packaging/dist/station-hmi_<version>_<station-id>_amd64.deb (a few minutes).
package: $(STAMP) translations
	@test -n "$(STATION)" || { echo "usage: make package STATION=path/to/station.toml" >&2; exit 2; }
	$(BIN)/python packaging/build_deb.py --station "$(STATION)"

clean:
	rm -rf $(VENV) packaging/build packaging/dist resources/translations/*.qm
