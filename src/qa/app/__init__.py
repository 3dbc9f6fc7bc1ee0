"""The Gradio chat app over ``qa.Assistant``."""
