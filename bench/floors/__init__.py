"""Floors: the cheapest DRF answers the catalog is compared with."""
