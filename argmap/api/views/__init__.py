"""The REST API's views, one module per resource; each calls the services and asks permissions."""
