"""Sites of real-world Python API example code, generated from YAML and checked on every build."""
