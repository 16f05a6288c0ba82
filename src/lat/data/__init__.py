"""Data: one record format, adapters into it, tokenisation with prompt/completion masks, built-in organisms."""
