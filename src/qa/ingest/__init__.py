"""From files to passages: read a document (``load``), normalize its Vietnamese text with a map
back to the original offsets (``normalize``), and cut it into overlapping passages of whole
sentences (``chunk``)."""
