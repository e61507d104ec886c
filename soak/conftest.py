"""The soak suite (``make soak``): real processes on loopback, bounded in time and requests."""
