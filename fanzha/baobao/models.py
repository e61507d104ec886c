"""Models of the baobao app."""
