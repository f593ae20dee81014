"""An Ninh Desktop: offline certification work of commune police (TDBVANTQ)."""

__version__ = "0.1.0"
