"""Models of the detect app."""
