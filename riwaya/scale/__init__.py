"""riwaya.scale stage."""
