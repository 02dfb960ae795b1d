"""Training: fitting the learned paraphrase net on the red-flag corpus (scikit-learn lives here, never
on the path of a query)."""
