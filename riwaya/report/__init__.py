"""riwaya.report stage."""
