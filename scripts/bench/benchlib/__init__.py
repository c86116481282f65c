"""The benchmark harness behind `make bench` (issue 9): targets, load runs, report."""
