"""qa: question answering over Vietnamese meeting documents."""
