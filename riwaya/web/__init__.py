"""riwaya.web stage."""
