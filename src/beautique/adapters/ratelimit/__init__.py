"""Fixed-window rate limit counters: in-process, or in Redis to share across instances."""
