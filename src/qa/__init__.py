"""qa: question answering over Vietnamese meeting documents."""
import os

# Threads of the numeric libraries, set before they load. The bundled engine's OpenMP threads
# spin at every barrier: spinning long (libgomp's default) makes single queries several times
# slower on a busy machine, not spinning at all (OMP_WAIT_POLICY=PASSIVE) adds ~20 ms to each
# query on an idle one; a short spin does well in both (2 cores: 15 ms idle, 34 ms beside two
# busy processes). OpenBLAS's threads (numpy) spin after every product too and then slow the
# next query's embedding 3x; one thread scans 10k chunks in a few ms. With both, warm
# ask p50 at 10k chunks went from 131 ms to 42 ms.
os.environ.setdefault("GOMP_SPINCOUNT", "1000")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
