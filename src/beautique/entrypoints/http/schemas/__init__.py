"""msgspec Structs of the wire format, one module per resource. Never domain objects."""
