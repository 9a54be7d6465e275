"""The FastAPI application: API, pages, dependencies and error handling."""
