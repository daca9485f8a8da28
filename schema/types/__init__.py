"""The Strawberry types of the landscape: one module per node kind (or a small group)."""
