"""The series room: the compare table, the series chart over time and the regions' ranked bars."""
