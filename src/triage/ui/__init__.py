"""The Streamlit surfaces. Only this package imports streamlit; it translates widgets to queries and back."""
