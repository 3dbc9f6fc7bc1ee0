"""The Gradio chat app over ``qa.Assistant``: ``service`` (what it does, no Gradio), ``render``
(HTML and Markdown), ``messages`` (its Vietnamese texts and the error table), ``layout`` (the
Gradio page and its events), ``serve`` (update the index, then launch)."""
