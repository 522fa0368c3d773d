"""HTTP JSON API and web page over one sigact store."""
