"""Course catalogue: courses, lessons and their files."""
