"""Unit tests of moat.views: one module per page view, against real databases (the scale-1 demo)."""
