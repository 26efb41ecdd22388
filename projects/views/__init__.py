"""Admin pages of projects, split by area: catalog, institutions, the pipeline
lists and the board."""
