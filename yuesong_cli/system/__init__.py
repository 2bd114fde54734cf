"""What the operating system differs in: files only their owner may read (POSIX modes,
Windows ACLs), folders made private, the console's encoding (docs/architecture.md)."""
