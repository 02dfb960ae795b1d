"""Teaching: quiz questions and the class case set, for the instructors' Class page."""
