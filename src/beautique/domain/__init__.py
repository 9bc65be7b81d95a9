"""The framework-free core: entities, value objects and business rules (stdlib only)."""
