"""Storage: SQLite database, migrations, repositories and the evidence blob store."""
