"""riwaya.export stage."""
