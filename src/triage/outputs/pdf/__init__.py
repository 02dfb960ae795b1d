"""PDF documents built in memory: muscle handouts and the summary for a therapist."""
