"""Start qa on corpus/: build or update the index, then serve the chat app."""
import sys

from qa.app.serve import main

if __name__ == "__main__":
    sys.exit(main())
