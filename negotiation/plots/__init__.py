"""matplotlib figures, one module per family; they only read results."""
from negotiation.plots.notebook import enable_notebook_display

enable_notebook_display()  # in Jupyter, a figure returned by a cell shows as an image
