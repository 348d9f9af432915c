"""The command line's glue, one module per subcommand that needs more than a few lines: arguments in, the layers
below called, one line on stderr and the documented exit status on error."""
