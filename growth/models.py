"""Models of this app arrive with the growth and studio issues."""
