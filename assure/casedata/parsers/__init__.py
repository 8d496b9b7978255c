"""File parsers: framework-free readers that turn uploaded returns into canonical tables and findings."""
