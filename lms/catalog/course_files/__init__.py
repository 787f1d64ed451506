"""Course files (courses/README.md): format.py reads and writes them without the database;
sync.py imports them into the catalogue and exports a course back to them."""
