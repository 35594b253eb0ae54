"""Map views, one module per thing they show; each URL has one short function view."""
