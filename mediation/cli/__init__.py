"""The command-line interface: thin commands, the only place that prints and maps errors
to exit codes. Heavy modules are imported inside the commands that need them."""
