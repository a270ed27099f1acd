"""riwaya.reconcile stage."""
