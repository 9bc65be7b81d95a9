"""The production store: psycopg 3 with an AsyncConnectionPool opened in the app lifespan."""
