"""Meeting records: what a meeting document states about its meeting, read once at index time.

``record`` is the schema (JSON in the index, one object per document); ``extract`` reads a
document's text into a record; ``query`` filters and looks records up for ``qa meetings``,
the app's meetings tab and the answers drawn from records.
"""
