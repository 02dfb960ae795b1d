"""Pieces shared by pages: the body-map component and the drawing of an engine result."""
