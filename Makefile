# The two commands of README.md, and a few conveniences around them.
.PHONY: run test lint fmt size bench

## Run the app on embedded SQLite with demo data (installs what is missing first).
run:
	@.ci/run-app

## Run every test: lints, unit, SQLite and PostgreSQL, HTTP, Playwright (installs what is missing).
test:
	@.ci/test-all

## Format the code.
fmt:
	cargo fmt --all

## Release build and the figures of what a first visit downloads.
size:
	@.ci/size

## Benchmarks that print figures (release build): login flood vs. health checks and memory;
## search and list latencies with 100,000 clients on SQLite and a throwaway PostgreSQL; CSV
## import, re-import and revert speed (10,000 lines); a 2,000-card Kanban board's render and how
## fast a drop reaches another viewer's live stream, alone and among 1,000 viewers.
bench:
	cargo bench -p server --bench login_load
	.ci/with-postgres cargo bench -p server --bench clients_search
	.ci/with-postgres cargo bench -p server --bench clients_import
	cargo bench -p server --bench kanban_board
	cargo bench -p server --bench whatsapp_ingest
