"""matplotlib figures, one module per family; they only read results."""
