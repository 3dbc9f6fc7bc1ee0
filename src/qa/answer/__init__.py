"""From a question to a cited answer: find the passages (``retrieve``), read them (``read``, the
reading model), pick the answering sentence and span (``extractive``, with the question kinds
of ``kinds``, the span rules of ``spans``, the word lists of ``vocabulary`` and the tuned
constants of ``tuning``) or the letterhead facts (``official``); follow-up questions
(``followup``), optional generated answers (``generate``) and the one answer JSON (``show``)."""
