"""金叶 Jinye: marketing operations for tobacco wholesale companies."""

__version__ = "0.1.0"
