"""Development tools kept out of the runtime package: benchmarks and the real-browser harness."""
