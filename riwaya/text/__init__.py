"""riwaya.text stage."""
