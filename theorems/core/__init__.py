"""The claim machinery: claims, papers, domains, relations, the registry and metadata index, ``verify``."""
