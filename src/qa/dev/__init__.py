"""Developer tools: the retrieval and answer benchmark (``evaluate``) and the speed and memory
benchmark (``bench``)."""
