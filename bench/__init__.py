"""Load benchmark of Beautique: `make bench` (`python -m bench.run`). See bench/README.md."""
