"""Travel documents (ICAO 9303 MRZ) and national identity numbers."""
