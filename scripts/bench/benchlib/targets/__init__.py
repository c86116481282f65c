"""One module per server under test. A target starts and stops its server, names the processes
whose CPU and memory count, and builds the Job for each workload number it supports."""
