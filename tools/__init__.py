"""Scripts that build files the repository ships; the app never imports them."""
