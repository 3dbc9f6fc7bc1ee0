"""qa: question answering over Vietnamese meeting documents."""
import os

# The bundled engine's OpenMP threads spin-wait at every barrier; on a busy 2-core machine
# that made single queries 10-50x slower. Must be set before the engine loads.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
