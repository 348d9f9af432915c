"""Peters, Niculae, Martins 2019 (arXiv:1905.05702): exact 1.5-entmax."""
