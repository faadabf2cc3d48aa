"""The social services' answer pipeline: the MDS check's file read back onto the situations."""
