"""From a question to a cited answer: find the passages (``retrieve``), read them (``read``, the
reading model), pick the answering sentence and span (``extractive``, with the span rules of
``extract`` and the letterhead facts of ``official``); follow-up questions (``followup``) and
optional generated answers (``generate``)."""
