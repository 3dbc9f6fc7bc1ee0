"""The on-disk index: chunks, their vectors (``vectors``) and BM25 keyword weights (``keyword``),
built incrementally and published atomically (``store``)."""
