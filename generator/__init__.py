"""example-pages: sites of real-world Python API example code, generated from YAML."""
